// Compressed inputs read as plain ones, streaming: gzip (multi-member too, as
// .warc.gz writes one member per record) and zstd (any number of frames),
// recognized by their magic bytes whatever the file is called.
//
// Nothing here limits how much comes out: readers take what they need
// (max_article_bytes for one document, per line or per record for streams), so
// a gzip bomb is cut off at the limit, not inflated whole. A truncated or
// corrupt stream throws InputError naming the input, the compressed byte
// offset and how many bytes came out before it.
#pragma once

#include <memory>
#include <string>

#include "pipeline/readers/byte_source.h"

namespace newsdeal {

enum class Compression { none, gzip, zstd };

// Peeks at the first bytes of `src` and returns a source of its decompressed
// bytes (or of `src` itself, the peeked bytes put back). `name` is for messages.
std::unique_ptr<ByteSource> open_decompressed(std::unique_ptr<ByteSource> src, const std::string& name,
                                              Compression* found = nullptr);

}  // namespace newsdeal
