#include "media/wav_writer.hpp"

#include <cerrno>
#include <cstring>

#include "media/byte_order.hpp"

namespace dialtone::media {

namespace {

constexpr std::size_t kHeaderSize = 44;
// The RIFF size field counts everything after itself: the data and 36 header octets.
constexpr std::uint64_t kMaxDataBytes = 0xffffffffULL - 36;

}  // namespace

std::vector<std::uint8_t> wav_header(std::uint32_t data_bytes, std::uint32_t sample_rate,
                                     std::uint16_t channels) {
    std::vector<std::uint8_t> h;
    h.reserve(kHeaderSize);
    const auto append_tag = [&h](const char* tag) { h.insert(h.end(), tag, tag + 4); };
    const std::uint16_t block_align = static_cast<std::uint16_t>(2 * channels);
    append_tag("RIFF");
    append_le32(h, 36 + data_bytes);
    append_tag("WAVE");
    append_tag("fmt ");
    append_le32(h, 16);
    append_le16(h, 1);  // PCM
    append_le16(h, channels);
    append_le32(h, sample_rate);
    append_le32(h, sample_rate * block_align);
    append_le16(h, block_align);
    append_le16(h, 16);
    append_tag("data");
    append_le32(h, data_bytes);
    return h;
}

std::vector<std::uint8_t> encode_wav(std::span<const std::int16_t> samples,
                                     std::uint32_t sample_rate) {
    std::vector<std::uint8_t> bytes =
        wav_header(static_cast<std::uint32_t>(samples.size() * 2), sample_rate, 1);
    bytes.reserve(bytes.size() + samples.size() * 2);
    for (std::int16_t s : samples)
        append_le16(bytes, static_cast<std::uint16_t>(s));
    return bytes;
}

Result<WavWriter, std::string> WavWriter::create(const std::filesystem::path& path,
                                                 std::uint32_t sample_rate) {
    std::string name = path.string();
    File file(std::fopen(name.c_str(), "wb"), &std::fclose);
    if (!file) {
        return Result<WavWriter, std::string>::failure(name + ": " + std::strerror(errno));
    }
    const std::vector<std::uint8_t> header = wav_header(0, sample_rate, 1);
    if (std::fwrite(header.data(), 1, header.size(), file.get()) != header.size()) {
        return Result<WavWriter, std::string>::failure(name + ": write error");
    }
    return WavWriter(std::move(file), std::move(name), sample_rate);
}

WavWriter::WavWriter(File file, std::string path, std::uint32_t sample_rate)
    : file_(std::move(file)), path_(std::move(path)), sample_rate_(sample_rate) {}

WavWriter& WavWriter::operator=(WavWriter&& other) noexcept {
    if (this != &other) {
        (void)close();
        file_ = std::move(other.file_);
        path_ = std::move(other.path_);
        sample_rate_ = other.sample_rate_;
        data_bytes_ = other.data_bytes_;
        scratch_ = std::move(other.scratch_);
    }
    return *this;
}

WavWriter::~WavWriter() {
    (void)close();
}

Result<Done, std::string> WavWriter::fail(std::string_view what) const {
    return Result<Done, std::string>::failure(path_ + ": " + std::string(what));
}

Result<Done, std::string> WavWriter::write(std::span<const std::int16_t> samples) {
    if (!file_) return fail("recording is closed");
    if (data_bytes_ + samples.size() * 2 > kMaxDataBytes)
        return fail("WAV size limit (4 GiB) reached");
    scratch_.clear();
    for (std::int16_t s : samples)
        append_le16(scratch_, static_cast<std::uint16_t>(s));
    if (std::fwrite(scratch_.data(), 1, scratch_.size(), file_.get()) != scratch_.size()) {
        return fail("write error");
    }
    data_bytes_ += scratch_.size();
    return Done{};
}

Result<Done, std::string> WavWriter::flush() {
    if (!file_) return fail("recording is closed");
    const std::vector<std::uint8_t> header =
        wav_header(static_cast<std::uint32_t>(data_bytes_), sample_rate_, 1);
    std::FILE* f = file_.get();
    if (std::fseek(f, 0, SEEK_SET) != 0 ||
        std::fwrite(header.data(), 1, header.size(), f) != header.size() ||
        std::fseek(f, 0, SEEK_END) != 0 || std::fflush(f) != 0) {
        return fail("cannot update the WAV header");
    }
    return Done{};
}

Result<Done, std::string> WavWriter::close() {
    if (!file_) return Done{};
    auto flushed = flush();
    const bool closed = std::fclose(file_.release()) == 0;
    if (!flushed) return flushed;
    if (!closed) return fail("close failed");
    return Done{};
}

}  // namespace dialtone::media
