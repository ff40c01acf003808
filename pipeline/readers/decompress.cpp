#include "pipeline/readers/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <cstring>

namespace newsdeal {
namespace {

constexpr std::size_t kInChunk = 1 << 16;

// gzip, member after member (zlib's inflate with gzip headers stops at the end
// of each; we reset and go on while input remains).
class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> in, std::string name) : in_(std::move(in)), name_(std::move(name)) {
    std::memset(&zs_, 0, sizeof zs_);
    if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) throw InputError(name_ + ": cannot start gzip decompression");
  }
  ~GzipSource() override { inflateEnd(&zs_); }

  std::size_t read(char* buf, std::size_t n) override {
    if (done_ || n == 0) return 0;
    zs_.next_out = reinterpret_cast<Bytef*>(buf);
    zs_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    const uInt want = zs_.avail_out;
    while (zs_.avail_out == want) {
      if (zs_.avail_in == 0 && !in_eof_) refill();
      if (zs_.avail_in == 0 && in_eof_) {
        if (between_members_) {
          done_ = true;
          break;
        }
        throw InputError(name_ + ": truncated gzip data: the input ends inside a compressed member (at compressed byte " +
                         std::to_string(consumed()) + ", after " + std::to_string(produced_ + (want - zs_.avail_out)) +
                         " decompressed bytes)");
      }
      if (between_members_) {
        // Another member follows, or trailing bytes that are no gzip member
        // (padding some writers leave): ignored, as gzip -d ignores them.
        if (static_cast<unsigned char>(zs_.next_in[0]) != 0x1F) {
          done_ = true;
          break;
        }
        inflateReset(&zs_);
        between_members_ = false;
      }
      int ret = inflate(&zs_, Z_NO_FLUSH);
      if (ret == Z_STREAM_END) {
        between_members_ = true;
      } else if (ret == Z_BUF_ERROR) {
        if (zs_.avail_in != 0) break;  // output full
      } else if (ret != Z_OK) {
        throw InputError(name_ + ": corrupt gzip data at compressed byte " + std::to_string(consumed()) + ": " +
                         (zs_.msg ? zs_.msg : "inflate error " + std::to_string(ret)) + " (after " +
                         std::to_string(produced_ + (want - zs_.avail_out)) + " decompressed bytes)");
      }
    }
    std::size_t got = want - zs_.avail_out;
    produced_ += got;
    return got;
  }

 private:
  void refill() {
    std::size_t got = in_->read(inbuf_, sizeof inbuf_);
    if (got == 0) in_eof_ = true;
    read_ += got;
    zs_.next_in = reinterpret_cast<Bytef*>(inbuf_);
    zs_.avail_in = static_cast<uInt>(got);
  }
  std::size_t consumed() const { return read_ - zs_.avail_in; }

  std::unique_ptr<ByteSource> in_;
  std::string name_;
  z_stream zs_;
  char inbuf_[kInChunk];
  std::size_t read_ = 0, produced_ = 0;
  bool in_eof_ = false, between_members_ = false, done_ = false;
};

// zstd, any number of frames (ZSTD_decompressStream goes on to the next one).
class ZstdSource : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> in, std::string name)
      : in_(std::move(in)), name_(std::move(name)), ds_(ZSTD_createDStream()) {
    if (!ds_) throw InputError(name_ + ": cannot start zstd decompression");
    ZSTD_initDStream(ds_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(ds_); }

  std::size_t read(char* buf, std::size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0 && n > 0) {
      if (input_.pos == input_.size && !in_eof_) {
        std::size_t got = in_->read(inbuf_, sizeof inbuf_);
        read_ += got;
        input_ = {inbuf_, got, 0};
        if (got == 0) in_eof_ = true;
      }
      if (input_.pos == input_.size && in_eof_ && !frame_open_) return 0;
      std::size_t ret = ZSTD_decompressStream(ds_, &out, &input_);
      if (ZSTD_isError(ret))
        throw InputError(name_ + ": corrupt zstd data at compressed byte " +
                         std::to_string(read_ - (input_.size - input_.pos)) + ": " + ZSTD_getErrorName(ret) +
                         " (after " + std::to_string(produced_ + out.pos) + " decompressed bytes)");
      frame_open_ = ret != 0;
      // At the end of the input with a frame still open and nothing left to
      // flush: the frame was cut off.
      if (out.pos == 0 && input_.pos == input_.size && in_eof_ && frame_open_)
        throw InputError(name_ + ": truncated zstd data: the input ends inside a frame (at compressed byte " +
                         std::to_string(read_) + ", after " + std::to_string(produced_) + " decompressed bytes)");
    }
    produced_ += out.pos;
    return out.pos;
  }

 private:
  std::unique_ptr<ByteSource> in_;
  std::string name_;
  ZSTD_DStream* ds_;
  char inbuf_[kInChunk];
  ZSTD_inBuffer input_{nullptr, 0, 0};
  std::size_t read_ = 0, produced_ = 0;
  bool in_eof_ = false, frame_open_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> open_decompressed(std::unique_ptr<ByteSource> src, const std::string& name,
                                              Compression* found) {
  std::string magic;
  char buf[4];
  while (magic.size() < 4) {
    std::size_t got = src->read(buf, 4 - magic.size());
    if (got == 0) break;
    magic.append(buf, got);
  }
  Compression c = Compression::none;
  if (magic.size() >= 2 && magic[0] == '\x1F' && magic[1] == '\x8B') c = Compression::gzip;
  else if (magic == "\x28\xB5\x2F\xFD") c = Compression::zstd;
  if (found) *found = c;
  auto whole = std::make_unique<PrefixSource>(std::move(magic), std::move(src));
  switch (c) {
    case Compression::gzip: return std::make_unique<GzipSource>(std::move(whole), name);
    case Compression::zstd: return std::make_unique<ZstdSource>(std::move(whole), name);
    case Compression::none: break;
  }
  return whole;
}

}  // namespace newsdeal
