#include "store/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace dialtone::store {
namespace {

std::filesystem::path temp_path(const char* name) {
    return std::filesystem::temp_directory_path() /
           (std::string("dialtone-") + std::to_string(getpid()) + "-" + name);
}

TEST(SqliteDatabase, CreatesFileInWalModeWithSchemaVersion) {
    const auto path = temp_path("create.db");
    std::filesystem::remove(path);
    {
        SqliteDatabase db(path.string());
        EXPECT_TRUE(std::filesystem::exists(path));
        EXPECT_EQ(db.journal_mode(), "wal");
        EXPECT_EQ(db.schema_version(), SqliteDatabase::kSchemaVersion);
    }
    SqliteDatabase again(path.string());  // reopening keeps the version
    EXPECT_EQ(again.schema_version(), SqliteDatabase::kSchemaVersion);
    std::filesystem::remove(path);
}

TEST(SqliteDatabase, RefusesWhatIsNotADatabaseWithAClearMessage) {
    const auto path = temp_path("garbage.db");
    std::ofstream(path) << "this is not an SQLite file, just text long enough to look at";
    try {
        SqliteDatabase db(path.string());
        FAIL() << "opened a text file as a database";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

TEST(SqliteDatabase, RefusesAnUnwritablePath) {
    EXPECT_THROW(SqliteDatabase("/nonexistent-dir/dialtone.db"), std::runtime_error);
}

}  // namespace
}  // namespace dialtone::store
