#pragma once
// Reads the torture corpora's MANIFEST.tsv files and message bytes.

#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace dialtone::conformance {

struct CorpusEntry {
    std::string corpus;    // "rfc4475" or "rfc5118"
    std::string file;      // "wsinv.sip"
    std::string section;   // "3.1.1.1"
    std::string expected;  // "valid", "invalid", "valid-but-semantically-bad"
    std::string name() const { return file.substr(0, file.size() - 4); }
};

// gtest prints a parameter with this instead of its bytes.
inline void PrintTo(const CorpusEntry& e, std::ostream* os) {
    *os << e.corpus << "/" << e.file << " (" << e.expected << ")";
}

inline std::string corpus_dir() {
    return DIALTONE_CORPUS_DIR;
}

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<CorpusEntry> read_manifest(const std::string& corpus) {
    std::istringstream lines(read_bytes(corpus_dir() + "/" + corpus + "/MANIFEST.tsv"));
    std::vector<CorpusEntry> out;
    std::string line;
    std::getline(lines, line);  // column names
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        std::istringstream cols(line);
        CorpusEntry e;
        e.corpus = corpus;
        std::getline(cols, e.file, '\t');
        std::getline(cols, e.section, '\t');
        std::getline(cols, e.expected, '\t');
        out.push_back(e);
    }
    return out;
}

}  // namespace dialtone::conformance
