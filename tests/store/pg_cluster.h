// A throwaway PostgreSQL + PostGIS cluster for tests: initdb in a temporary folder, a server on
// loopback at a free port (socket in the folder too), one database with the postgis extension;
// stopped and removed when the object goes. Programs are started with argument vectors, never
// through a shell. Where PostgreSQL or PostGIS is not installed, available() is false and why()
// says what is missing. As root (CI containers), the server runs as the "postgres" user.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace cmtest {

class PgCluster {
public:
    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    bool available() const { return m_up; }
    const std::string& why() const { return m_why; }
    /// A GDAL connection string to the test database.
    std::string connection() const;
    /// Runs SQL in the test database through psql; returns its output (throws on failure).
    std::string psql(const std::string& sql) const;

private:
    int run(const std::vector<std::string>& argv, std::string* output = nullptr) const;
    std::filesystem::path m_bin, m_dir;
    int m_port = 0;
    bool m_up = false, m_as_postgres = false;
    std::string m_why;
};

}  // namespace cmtest
