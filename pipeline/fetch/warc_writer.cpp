#include "pipeline/fetch/warc_writer.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#ifndef NEWSDEAL_VERSION
#define NEWSDEAL_VERSION "dev"
#endif

namespace newsdeal::fetch {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string record_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1)
    for (auto& c : b) c = static_cast<unsigned char>(std::rand());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[64];
  std::snprintf(out, sizeof out, "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

// One gzip member holding `data`.
bool gzip_member(const std::string& data, std::string& out) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END;
}

}  // namespace

std::string warc_sha1_digest(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  EVP_Digest(data.data(), data.size(), md, &md_len, EVP_sha1(), nullptr);
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out = "sha1:";
  // 160 bits are exactly 32 base32 characters: no padding.
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned i = 0; i < md_len; ++i) {
    unsigned char c = md[i];
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

std::unique_ptr<WarcWriter> WarcWriter::open(const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = "cannot write the WARC file " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  std::unique_ptr<WarcWriter> w(new WarcWriter(path, f, ends_with(path, ".gz")));
  std::string info = "software: newsdeal/" NEWSDEAL_VERSION "\r\nformat: WARC File Format 1.1\r\n"
                     "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
  std::string fields = "WARC-Type: warcinfo\r\nWARC-Date: " + utc_now_iso8601() + "\r\nWARC-Record-ID: " +
                       record_id() + "\r\nWARC-Filename: " + path.substr(path.rfind('/') + 1) +
                       "\r\nContent-Type: application/warc-fields\r\n";
  if (!w->write_record(fields, info)) {
    error = w->error();
    return nullptr;
  }
  return w;
}

WarcWriter::~WarcWriter() { close(); }

bool WarcWriter::write_response(const Response& r) {
  std::string block = r.head + r.body;
  std::string fields = "WARC-Type: response\r\nWARC-Record-ID: " + record_id() + "\r\nWARC-Date: " + r.fetched_at +
                       "\r\nWARC-Target-URI: " + r.url + "\r\nWARC-Block-Digest: " + warc_sha1_digest(block) +
                       "\r\nWARC-Payload-Digest: " + warc_sha1_digest(r.body) +
                       "\r\nContent-Type: application/http;msgtype=response\r\n";
  return write_record(fields, block);
}

bool WarcWriter::write_record(const std::string& header_fields, const std::string& block) {
  std::lock_guard lock(m_);
  if (!error_.empty() || !file_) return false;
  std::string record = "WARC/1.1\r\n" + header_fields + "Content-Length: " + std::to_string(block.size()) +
                       "\r\n\r\n" + block + "\r\n\r\n";
  if (gzip_) {
    std::string member;
    if (!gzip_member(record, member)) {
      error_ = "cannot gzip a record for " + path_;
      return false;
    }
    record.swap(member);
  }
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size() || std::fflush(file_) != 0) {
    error_ = "cannot write the WARC file " + path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool WarcWriter::close() {
  std::lock_guard lock(m_);
  if (!file_) return error_.empty();
  if (std::fclose(file_) != 0 && error_.empty()) error_ = "cannot write the WARC file " + path_ + ": " + std::strerror(errno);
  file_ = nullptr;
  return error_.empty();
}

}  // namespace newsdeal::fetch
