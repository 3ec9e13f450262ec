// See pg_cluster.h.
#include "store/pg_cluster.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cmtest {

namespace fs = std::filesystem;

namespace {

/// The newest PostgreSQL whose server programs and PostGIS extension are both installed.
fs::path find_bin(std::string& why) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& d : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const fs::path bin = d.path() / "bin";
        const std::string version = d.path().filename().string();
        if (!fs::exists(bin / "initdb", ec) || !fs::exists(bin / "pg_ctl", ec)) continue;
        if (!fs::exists(fs::path("/usr/share/postgresql") / version / "extension" / "postgis.control", ec)) {
            why = "PostGIS is not installed for PostgreSQL " + version + " (apt-get install postgresql-" + version +
                  "-postgis-3)";
            continue;
        }
        found.push_back(bin);
    }
    if (found.empty()) {
        if (why.empty()) why = "PostgreSQL is not installed (apt-get install postgresql postgis)";
        return {};
    }
    std::sort(found.begin(), found.end());
    return found.back();
}

int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    close(s);
    return port;
}

}  // namespace

int PgCluster::run(const std::vector<std::string>& argv_in, std::string* output) const {
    std::vector<std::string> argv = argv_in;
    if (m_as_postgres) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    const fs::path out = m_dir / "cmd.out";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, cargv[0], &fa, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    if (output) {
        std::ifstream f(out);
        output->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

PgCluster::PgCluster() {
    m_bin = find_bin(m_why);
    if (m_bin.empty()) return;
    m_dir = fs::temp_directory_path() / ("cm-pg-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(m_dir, ec);
    fs::create_directories(m_dir);
    m_as_postgres = ::geteuid() == 0;
    if (m_as_postgres) {
        const passwd* pw = getpwnam("postgres");
        if (!pw) {
            m_why = "running as root and there is no postgres user to run the server as";
            return;
        }
        if (chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
            m_why = "cannot hand " + m_dir.string() + " to the postgres user";
            return;
        }
    }
    m_port = free_port();
    std::string log;
    const std::string data = (m_dir / "data").string();
    if (run({(m_bin / "initdb").string(), "-D", data, "-A", "trust", "-U", "cm", "-E", "UTF8", "--no-sync"}, &log) != 0) {
        m_why = "initdb failed: " + log.substr(0, 400);
        return;
    }
    const std::string opts = "-k " + m_dir.string() + " -h 127.0.0.1 -p " + std::to_string(m_port) + " -F";
    if (run({(m_bin / "pg_ctl").string(), "-D", data, "-o", opts, "-l", (m_dir / "server.log").string(), "-w", "-t", "60", "start"},
            &log) != 0) {
        m_why = "the server did not start: " + log.substr(0, 400);
        return;
    }
    m_up = true;
    if (run({(m_bin / "createdb").string(), "-h", "127.0.0.1", "-p", std::to_string(m_port), "-U", "cm", "cmtest"}, &log) != 0) {
        m_why = "createdb failed: " + log.substr(0, 400);
        return;
    }
    try {
        psql("CREATE EXTENSION postgis");
    } catch (const std::exception& e) {
        m_why = e.what();
        m_up = false;
    }
}

PgCluster::~PgCluster() {
    if (!m_dir.empty() && fs::exists(m_dir / "data" / "postmaster.pid"))
        run({(m_bin / "pg_ctl").string(), "-D", (m_dir / "data").string(), "-m", "immediate", "-w", "stop"});
    std::error_code ec;
    if (!m_dir.empty()) fs::remove_all(m_dir, ec);
}

std::string PgCluster::connection() const {
    return "PG:host=127.0.0.1 port=" + std::to_string(m_port) + " dbname=cmtest user=cm";
}

std::string PgCluster::psql(const std::string& sql) const {
    std::string out;
    const fs::path client = fs::exists(m_bin / "psql") ? m_bin / "psql" : fs::path("psql");
    if (run({client.string(), "-h", "127.0.0.1", "-p", std::to_string(m_port), "-U", "cm", "-d", "cmtest", "-v",
             "ON_ERROR_STOP=1", "-At", "-c", sql},
            &out) != 0)
        throw std::runtime_error("psql failed on '" + sql + "': " + out);
    return out;
}

}  // namespace cmtest
