#include "visit_photo.hpp"

#include <array>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "touchpoint/base64.hpp"
#include "touchpoint/crypto.hpp"

namespace tp::ui {
namespace {

bool is_png(std::string_view head) { return head.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8); }
bool is_jpeg(std::string_view head) { return head.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3); }

}  // namespace

std::string default_photo_dir() {
    std::string dir;
    if (const char* configured = std::getenv("TOUCHPOINT_PHOTO_DIR"); configured && *configured)
        dir = configured;
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = std::string(home) + "/Pictures";
    else
        dir = "/tmp";
    if (dir.back() != '/') dir += '/';
    return dir;
}

const char* photo_problem_key(PhotoProblem problem) {
    switch (problem) {
        case PhotoProblem::Missing: return "visit.photo_missing";
        case PhotoProblem::TooLarge: return "visit.photo_too_large";
        case PhotoProblem::NotAnImage: return "visit.photo_not_image";
        case PhotoProblem::TooManyPixels: return "visit.photo_too_many_pixels";
        case PhotoProblem::Unreadable:
        case PhotoProblem::None: break;
    }
    return "visit.photo_unreadable";
}

PhotoProblem check_photo(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return PhotoProblem::Missing;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return PhotoProblem::Unreadable;
    if (size > kPhotoMaxBytes) return PhotoProblem::TooLarge;
    std::ifstream in(path, std::ios::binary);
    if (!in) return PhotoProblem::Unreadable;
    std::array<char, 12> head{};
    in.read(head.data(), head.size());
    const std::string_view got(head.data(), static_cast<std::size_t>(in.gcount()));
    return is_png(got) || is_jpeg(got) ? PhotoProblem::None : PhotoProblem::NotAnImage;
}

std::shared_ptr<PhotoJob> PhotoJob::start(std::filesystem::path path, std::string case_id) {
    auto job = std::make_shared<PhotoJob>();
    job->case_id = std::move(case_id);
    job->file_name = path.filename().string();
    std::thread([job, path = std::move(path)] {
        // The file may have changed since the frame looked at it: check everything again.
        // At most one byte more than allowed is read, however large the file has become.
        std::ifstream in(path, std::ios::binary);
        std::string bytes(kPhotoMaxBytes + 1, '\0');
        if (in) in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        bytes.resize(static_cast<std::size_t>(in.gcount()));
        if (!in && !in.eof()) job->problem = PhotoProblem::Unreadable;
        else if (bytes.size() > kPhotoMaxBytes) job->problem = PhotoProblem::TooLarge;
        else if (!is_png(bytes) && !is_jpeg(bytes)) job->problem = PhotoProblem::NotAnImage;
        else
            job->payload = {{"file_name", job->file_name},
                            {"sha256", sha256_hex(bytes)},
                            {"bytes_base64", base64_encode(bytes)}};
        job->done_.store(true, std::memory_order_release);
    }).detach();
    return job;
}

}  // namespace tp::ui
