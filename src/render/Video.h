// conflictmap render: MP4 (H.264) animations through FFmpeg's libraries (Debian's libavcodec,
// libavformat, libswscale), used when the build found them. Written beside the target and moved
// into place when complete, like every other output.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "render/Image.h"

namespace cm::render {

class VideoWriter {
public:
    /// True if this build can write MP4 (it was built with FFmpeg's libraries and an H.264 encoder is there).
    static bool available();
    /// Why not, in words a user can act on (empty when available()).
    static std::string unavailable_reason();

    /// Opens path for frames of this size at fps frames per second. H.264 needs even sizes: an odd
    /// last column or row is left out. Throws cm::Error naming the path.
    VideoWriter(const std::string& path, int width, int height, int fps);
    ~VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;
    void add(const Image& frame);
    /// Flushes the encoder, closes the file and moves it into place. Throws cm::Error.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Decodes a video's frames as RGBA (at most max_frames); throws cm::Error naming the path, or
/// when the build has no FFmpeg. For tests and checks: what a player would show.
std::vector<Image> read_video_frames(const std::string& path, int max_frames = 1000);

}  // namespace cm::render
