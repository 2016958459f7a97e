#pragma once
// What the service benchmarks share: a blocking HTTP/1.1 client on raw sockets (keep-alive when
// the server allows it, a source address of the caller's choice, a receive deadline), threads with
// small stacks, and a touchpoint-service child process whose CPU time and resident set are read
// from /proc.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tp::bench {

// Raises the open-file limit to its hard maximum: hundreds of simulated terminals each hold
// sockets, and so does the service they talk to (a child inherits the limit).
inline void raise_file_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) == 0) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

// A thread with a small stack; join() before it goes.
class SmallThread {
  public:
    explicit SmallThread(std::function<void()> fn, std::size_t stack = 256 * 1024)
        : fn_(std::make_unique<std::function<void()>>(std::move(fn))) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, stack);
        started_ = pthread_create(&thread_, &attr, &SmallThread::body, fn_.get()) == 0;
        pthread_attr_destroy(&attr);
        if (!started_) throw std::runtime_error("cannot start a thread");
    }
    SmallThread(SmallThread&& o) noexcept : thread_(o.thread_), started_(o.started_), fn_(std::move(o.fn_)) {
        o.started_ = false;
    }
    SmallThread(const SmallThread&) = delete;
    SmallThread& operator=(const SmallThread&) = delete;
    ~SmallThread() { join(); }
    void join() {
        if (started_) pthread_join(thread_, nullptr);
        started_ = false;
    }

  private:
    static void* body(void* fn) {
        (*static_cast<std::function<void()>*>(fn))();
        return nullptr;
    }
    pthread_t thread_{};
    bool started_ = false;
    std::unique_ptr<std::function<void()>> fn_;
};

struct HttpReply {
    int status = 0;  // 0: no answer (connection failed, timed out, or cut)
    std::string body;
};

// One client connection to host:port from `source` (a loopback address of its own, so that the
// service's per-address limit sees one client per terminal). Reconnects when the server closed.
class HttpConnection {
  public:
    HttpConnection(std::string source, int port) : source_(std::move(source)), port_(port) {}
    ~HttpConnection() { close_socket(); }
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // `headers`: extra header lines, each ending in \r\n. Waits at most `timeout_s` for bytes.
    HttpReply request(const std::string& method, const std::string& target,
                      const std::string& headers = "", const std::string& body = "",
                      int timeout_s = 60) {
        std::string out = method + " " + target + " HTTP/1.1\r\nHost: bench\r\n" + headers;
        if (!body.empty() || method == "POST")
            out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        out += "\r\n" + body;
        for (int attempt = 0; attempt < 2; ++attempt) {
            const bool reused = fd_ >= 0;
            if (fd_ < 0 && !open_socket()) return {};
            set_timeout(timeout_s);
            if (!send_all(out)) {
                close_socket();
                if (reused) continue;
                return {};
            }
            HttpReply reply;
            bool got_bytes = false;
            if (read_reply(reply, got_bytes)) return reply;
            close_socket();
            if (!(reused && !got_bytes)) return {};  // a kept-alive connection closed: once more
        }
        return {};
    }
    int connections_opened() const { return opened_; }

  private:
    bool open_socket() {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) return false;
        const int yes = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        sockaddr_in src{};
        src.sin_family = AF_INET;
        inet_pton(AF_INET, source_.c_str(), &src.sin_addr);
        sockaddr_in dst{};
        dst.sin_family = AF_INET;
        dst.sin_port = htons(static_cast<uint16_t>(port_));
        inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
        if (bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
            connect(fd_, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
            close_socket();
            return false;
        }
        ++opened_;
        buffer_.clear();
        return true;
    }
    void close_socket() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
        buffer_.clear();
    }
    void set_timeout(int seconds) {
        timeval tv{seconds, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
    bool send_all(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    bool fill(bool& got_bytes) {
        char chunk[16384];
        const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        got_bytes = true;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
    static std::string lower(std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
    bool read_reply(HttpReply& reply, bool& got_bytes) {
        std::size_t head_end;
        while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!fill(got_bytes)) return false;
        const std::string head = lower(buffer_.substr(0, head_end));
        if (head.size() < 12) return false;
        reply.status = std::atoi(head.c_str() + 9);
        std::size_t length = 0;
        if (auto p = head.find("\r\ncontent-length:"); p != std::string::npos)
            length = std::strtoul(head.c_str() + p + 17, nullptr, 10);
        const bool closes = head.find("\r\nconnection: close") != std::string::npos;
        while (buffer_.size() < head_end + 4 + length)
            if (!fill(got_bytes)) return false;
        reply.body = buffer_.substr(head_end + 4, length);
        buffer_.erase(0, head_end + 4 + length);
        if (closes) close_socket();
        return true;
    }

    std::string source_;
    int port_;
    int fd_ = -1;
    int opened_ = 0;
    std::string buffer_;
};

// A touchpoint-service child process: started with `args`, ready once it printed
// "listening on HOST:PORT"; SIGTERM and waited for when the object goes.
class ServiceProcess {
  public:
    ServiceProcess(const std::string& exe, const std::vector<std::string>& args, const std::string& log) {
        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], 1);
            const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (err >= 0) dup2(err, 2);
            close(out[0]);
            std::vector<char*> argv{const_cast<char*>(exe.c_str())};
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(exe.c_str(), argv.data());
            _exit(127);
        }
        close(out[1]);
        std::string text;
        char c;
        while (read(out[0], &c, 1) == 1) {
            if (c != '\n') {
                text += c;
                continue;
            }
            if (text.rfind("listening on ", 0) == 0) {
                port_ = std::atoi(text.c_str() + text.rfind(':') + 1);
                break;
            }
            text.clear();
        }
        out_ = out[0];
        if (port_ <= 0) throw std::runtime_error("the service did not start (see " + log + ")");
    }
    ~ServiceProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
        if (out_ >= 0) close(out_);
    }
    ServiceProcess(const ServiceProcess&) = delete;
    ServiceProcess& operator=(const ServiceProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // User and system CPU seconds the process has used so far.
    double cpu_seconds() const {
        std::ifstream f("/proc/" + std::to_string(pid_) + "/stat");
        std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        const auto close_paren = all.rfind(')');
        if (close_paren == std::string::npos) return 0;
        std::istringstream rest(all.substr(close_paren + 2));
        std::string field;
        double utime = 0, stime = 0;
        for (int i = 3; i <= 15 && rest >> field; ++i) {
            if (i == 14) utime = std::atof(field.c_str());
            if (i == 15) stime = std::atof(field.c_str());
        }
        return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    // "VmRSS" (now) or "VmHWM" (peak) in bytes.
    double memory_bytes(const char* key = "VmRSS") const {
        std::ifstream f("/proc/" + std::to_string(pid_) + "/status");
        std::string line;
        while (std::getline(f, line))
            if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + std::strlen(key) + 1) * 1024.0;
        return 0;
    }
    int threads() const {
        std::ifstream f("/proc/" + std::to_string(pid_) + "/status");
        std::string line;
        while (std::getline(f, line))
            if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
        return 0;
    }

  private:
    pid_t pid_ = -1;
    int out_ = -1;
    int port_ = 0;
};

}  // namespace tp::bench
