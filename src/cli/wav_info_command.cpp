// `dialtone wav-info FILE.wav`: what a recording holds — duration, rate, level, whether it
// is silence, and its dominant frequency — so interop tests can check that a call carried
// the tone played into it ("--expect-frequency 1000" fails unless the file holds that
// tone, within 2%, above the silence level).

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.hpp"
#include "media/tone_analysis.hpp"
#include "media/wav_reader.hpp"

namespace dialtone::cli {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // unreadable or unsupported file
constexpr int kExitMismatch = 2;  // --expect-frequency not met

struct WavInfoOptions {
    std::string file;
    bool json = false;
    double skip_seconds = 0;
    double expect_frequency = 0;
    double tolerance_percent = 2;
    double silence_dbm0 = -50;
};

std::string format_name(const media::WavSourceFormat& f) {
    switch (f.format) {
        case media::kWavPcm:
            return std::to_string(f.bits_per_sample) + "-bit PCM";
        case media::kWavIeeeFloat:
            return std::to_string(f.bits_per_sample) + "-bit float";
        case media::kWavAlaw:
            return "A-law";
        case media::kWavUlaw:
            return "u-law";
        default:
            return "format " + std::to_string(f.format);
    }
}

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

int run_wav_info(const WavInfoOptions& opt) {
    auto audio = media::read_wav_file(opt.file, 0);
    if (!audio) {
        std::cerr << "dialtone wav-info: " << audio.error() << "\n";
        return kExitFailed;
    }
    const std::uint32_t rate = audio->sample_rate;
    std::span<const std::int16_t> samples = audio->samples;
    const auto skip = static_cast<std::size_t>(opt.skip_seconds * rate);
    samples = samples.subspan(std::min(skip, samples.size()));
    media::ToneAnalysisOptions analysis_options;
    analysis_options.silence_dbm0 = opt.silence_dbm0;
    const media::ToneAnalysis a = media::analyse_tone(samples, rate, analysis_options);
    const double duration = rate ? static_cast<double>(audio->samples.size()) / rate : 0.0;

    std::string verdict;
    int status = kExitOk;
    if (opt.expect_frequency > 0) {
        if (a.silence) {
            verdict = "FAIL: silence (level " + fixed(a.level_dbm0, 1) + " dBm0)";
        } else if (!a.dominant_frequency) {
            verdict = "FAIL: too short to measure a frequency";
        } else if (!media::frequency_within(*a.dominant_frequency, opt.expect_frequency,
                                            opt.tolerance_percent / 100.0)) {
            verdict = "FAIL: dominant frequency " + fixed(*a.dominant_frequency, 1) +
                      " Hz is not within " + fixed(opt.tolerance_percent, 1) + "% of " +
                      fixed(opt.expect_frequency, 1) + " Hz";
        } else {
            verdict = "OK: " + fixed(*a.dominant_frequency, 1) + " Hz is within " +
                      fixed(opt.tolerance_percent, 1) + "% of " + fixed(opt.expect_frequency, 1) +
                      " Hz";
        }
        if (verdict.starts_with("FAIL")) status = kExitMismatch;
    }

    if (opt.json) {
        nlohmann::json j{{"file", opt.file},
                         {"format", format_name(audio->source)},
                         {"channels", audio->source.channels},
                         {"sample_rate", rate},
                         {"samples", audio->samples.size()},
                         {"duration_s", duration},
                         {"analysed_from_s", opt.skip_seconds},
                         {"rms", a.rms},
                         {"level_dbm0", a.level_dbm0},
                         {"peak", a.peak},
                         {"silence", a.silence},
                         {"tone_share", a.tone_share}};
        j["dominant_frequency_hz"] =
            a.dominant_frequency ? nlohmann::json(*a.dominant_frequency) : nlohmann::json();
        if (!verdict.empty()) {
            j["expected_frequency_hz"] = opt.expect_frequency;
            j["ok"] = status == kExitOk;
            j["verdict"] = verdict;
        }
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "file:       " << opt.file << "\n"
                  << "format:     " << format_name(audio->source) << ", " << audio->source.channels
                  << (audio->source.channels == 1 ? " channel" : " channels (mixed to mono)")
                  << "\n"
                  << "rate:       " << rate << " Hz\n"
                  << "duration:   " << fixed(duration, 3) << " s (" << audio->samples.size()
                  << " samples)\n"
                  << "rms:        " << fixed(a.rms, 1) << " (" << fixed(a.level_dbm0, 1)
                  << " dBm0), peak " << a.peak << "\n"
                  << "silence:    " << (a.silence ? "yes" : "no") << "\n"
                  << "frequency:  "
                  << (a.dominant_frequency ? fixed(*a.dominant_frequency, 1) + " Hz (" +
                                                 fixed(a.tone_share * 100, 1) + "% of the power)"
                                           : std::string("-"))
                  << "\n";
        if (!verdict.empty()) std::cout << verdict << "\n";
    }
    return status;
}

}  // namespace

void add_wav_info_command(CLI::App& app, int& exit_code) {
    auto opt = std::make_shared<WavInfoOptions>();
    CLI::App* cmd = app.add_subcommand(
        "wav-info",
        "Print a WAV file's duration, sample rate, RMS level, whether it is silence and its "
        "dominant frequency.\nExit status: 0 ok, 1 unreadable file, 2 --expect-frequency "
        "not met (silence, or another frequency).");
    cmd->add_option("file", opt->file, "the WAV file (PCM, u-law or A-law; stereo is mixed)")
        ->required();
    cmd->add_flag("--json", opt->json, "print the figures as JSON");
    cmd->add_option("--skip", opt->skip_seconds,
                    "seconds at the start left out of the analysis (call setup, jitter "
                    "buffer filling)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--expect-frequency", opt->expect_frequency,
                    "fail unless the dominant frequency is this many Hz and the file is not "
                    "silence")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--tolerance", opt->tolerance_percent,
                    "how far off --expect-frequency may be, in percent")
        ->check(CLI::Range(0.0, 100.0))
        ->capture_default_str();
    cmd->add_option("--silence-dbm0", opt->silence_dbm0, "levels below this count as silence")
        ->capture_default_str();
    cmd->callback([opt, &exit_code] { exit_code = run_wav_info(*opt); });
}

}  // namespace dialtone::cli
