// conflictmap render: MP4 through FFmpeg's libraries (see Video.h). Without them (the build did not
// find libavcodec-dev, libavformat-dev and libswscale-dev) every call says so.
//
// The libraries are opened (dlopen) when a video is first written or read, not linked: with their
// ~80 dependencies (codecs, hardware-video and sound libraries) linked in, every start of the
// program, `geocode` and `--help` included, paid ~50 ms in the dynamic loader for them.
#include "render/Video.h"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>

#include "core/Error.h"

#ifdef CONFLICTMAP_HAVE_FFMPEG
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}
#endif

namespace cm::render {

namespace {
std::string part_path(const std::string& path) {
    const std::filesystem::path p(path);
    return (p.parent_path() / ("." + p.stem().string() + ".part" + p.extension().string())).string();
}
}  // namespace

#ifdef CONFLICTMAP_HAVE_FFMPEG

namespace {

// Every FFmpeg function used, with the library it lives in.
#define CM_AV_FUNCTIONS(X)                                                                             \
    X(codec, avcodec_find_encoder_by_name) X(codec, avcodec_find_encoder) X(codec, avcodec_alloc_context3) \
    X(codec, avcodec_open2) X(codec, avcodec_parameters_from_context) X(codec, avcodec_parameters_to_context) \
    X(codec, avcodec_send_frame) X(codec, avcodec_receive_packet) X(codec, avcodec_send_packet)          \
    X(codec, avcodec_receive_frame) X(codec, avcodec_free_context) X(codec, av_packet_alloc)             \
    X(codec, av_packet_free) X(codec, av_packet_rescale_ts) X(codec, av_packet_unref)                    \
    X(format, avformat_alloc_output_context2) X(format, avformat_new_stream) X(format, avio_open)         \
    X(format, avio_closep) X(format, avformat_write_header) X(format, av_interleaved_write_frame)         \
    X(format, av_write_trailer) X(format, avformat_free_context) X(format, avformat_open_input)          \
    X(format, avformat_find_stream_info) X(format, av_find_best_stream) X(format, av_read_frame)         \
    X(format, avformat_close_input) X(util, av_strerror) X(util, av_log_set_level) X(util, av_opt_set)   \
    X(util, av_dict_set) X(util, av_dict_free) X(util, av_frame_alloc) X(util, av_frame_free)            \
    X(util, av_frame_get_buffer) X(util, av_frame_make_writable) X(scale, sws_getContext)                \
    X(scale, sws_freeContext) X(scale, sws_scale) X(scale, sws_getCachedContext)

struct Av {
#define CM_AV_DECLARE(lib, f) decltype(&::f) f = nullptr;
    CM_AV_FUNCTIONS(CM_AV_DECLARE)
#undef CM_AV_DECLARE
    std::string error;  ///< why the libraries could not be used (empty when they can)
};

#define CM_AV_STR2(x) #x
#define CM_AV_STR(x) CM_AV_STR2(x)

/// FFmpeg's functions, loaded once from the libraries of the version the build used.
const Av& av() {
    static Av a;
    static std::once_flag once;
    std::call_once(once, [] {
        struct Lib {
            const char* file;
            void* handle = nullptr;
        } codec{"libavcodec.so." CM_AV_STR(LIBAVCODEC_VERSION_MAJOR)},
            format{"libavformat.so." CM_AV_STR(LIBAVFORMAT_VERSION_MAJOR)},
            util{"libavutil.so." CM_AV_STR(LIBAVUTIL_VERSION_MAJOR)}, scale{"libswscale.so." CM_AV_STR(LIBSWSCALE_VERSION_MAJOR)};
        for (Lib* l : {&util, &codec, &format, &scale}) {
            l->handle = dlopen(l->file, RTLD_NOW | RTLD_LOCAL);
            if (!l->handle) {
                const char* why = dlerror();
                a.error = std::string("cannot load FFmpeg's ") + l->file + (why ? std::string(" (") + why + ")" : "") +
                          " (Debian: libavcodec59 libavformat59 libswscale6)";
                return;
            }
        }
#define CM_AV_LOAD(lib, f)                                                                   \
    if (a.error.empty()) {                                                                   \
        a.f = reinterpret_cast<decltype(a.f)>(dlsym(lib.handle, #f));                          \
        if (!a.f) a.error = std::string("FFmpeg's ") + lib.file + " has no " #f " (another version?)"; \
    }
        CM_AV_FUNCTIONS(CM_AV_LOAD)
#undef CM_AV_LOAD
        // The handles stay open for the life of the process.
    });
    return a;
}

/// The loaded functions; throws cm::Error naming path when they could not be loaded.
const Av& av_or_throw(const std::string& path) {
    const Av& a = av();
    if (!a.error.empty()) throw Error("MP4: " + a.error, path);
    return a;
}

const AVCodec* h264() {
    const Av& a = av();
    if (!a.error.empty()) return nullptr;
    if (const AVCodec* c = a.avcodec_find_encoder_by_name("libx264")) return c;
    return a.avcodec_find_encoder(AV_CODEC_ID_H264);
}
std::string av_message(int err) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av().av_strerror(err, buf, sizeof buf);
    return buf;
}
}  // namespace

struct VideoWriter::Impl {
    const Av& A = av();
    std::string path, tmp;
    AVFormatContext* fmt = nullptr;
    AVCodecContext* enc = nullptr;
    AVStream* stream = nullptr;
    SwsContext* sws = nullptr;
    AVFrame* frame = nullptr;
    AVPacket* pkt = nullptr;
    int width = 0, height = 0;  // the frames given
    std::int64_t next_pts = 0;
    bool header = false, done = false;

    ~Impl() {
        if (pkt) A.av_packet_free(&pkt);
        if (frame) A.av_frame_free(&frame);
        if (sws) A.sws_freeContext(sws);
        if (enc) A.avcodec_free_context(&enc);
        if (fmt) {
            if (fmt->pb) A.avio_closep(&fmt->pb);
            A.avformat_free_context(fmt);
        }
        if (!done && !tmp.empty()) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
        }
    }

    // Sends one frame (or the flush, with nullptr) and writes every packet the encoder gives back.
    void encode(AVFrame* f) {
        int rc = A.avcodec_send_frame(enc, f);
        if (rc < 0) throw Error("cannot encode a video frame: " + av_message(rc), path);
        for (;;) {
            rc = A.avcodec_receive_packet(enc, pkt);
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
            if (rc < 0) throw Error("cannot encode a video frame: " + av_message(rc), path);
            // Each frame lasts one tick: without it the last frame has no length, and the MP4's
            // edit list (and so every player) leaves it out.
            if (pkt->duration <= 0) pkt->duration = 1;
            A.av_packet_rescale_ts(pkt, enc->time_base, stream->time_base);
            pkt->stream_index = stream->index;
            rc = A.av_interleaved_write_frame(fmt, pkt);
            if (rc < 0) throw Error("cannot write the video: " + av_message(rc), path);
        }
    }
};

bool VideoWriter::available() { return h264() != nullptr; }

std::string VideoWriter::unavailable_reason() {
    if (!av().error.empty()) return av().error;
    return available() ? std::string() : "this system's FFmpeg libraries have no H.264 encoder (Debian's libavcodec59 has libx264)";
}

VideoWriter::VideoWriter(const std::string& path, int width, int height, int fps) : m_impl(std::make_unique<Impl>()) {
    const Av& A = av_or_throw(path);
    Impl& v = *m_impl;
    v.path = path;
    v.width = width;
    v.height = height;
    const AVCodec* codec = h264();
    if (!codec) throw Error("MP4: " + unavailable_reason(), path);
    A.av_log_set_level(AV_LOG_QUIET);  // failures come back as return codes, reported with the file
    if (width < 2 || height < 2) throw Error("a video needs at least 2x2 pixels", path);
    v.tmp = part_path(path);
    int rc = A.avformat_alloc_output_context2(&v.fmt, nullptr, "mp4", v.tmp.c_str());
    if (rc < 0 || !v.fmt) throw Error("cannot start an MP4 file: " + av_message(rc), path);
    v.fmt->flags |= AVFMT_FLAG_BITEXACT;  // the same frames give the same bytes
    v.stream = A.avformat_new_stream(v.fmt, nullptr);
    v.enc = A.avcodec_alloc_context3(codec);
    v.frame = A.av_frame_alloc();
    v.pkt = A.av_packet_alloc();
    if (!v.stream || !v.enc || !v.frame || !v.pkt) throw Error("out of memory starting the video", path);
    v.enc->width = width & ~1;  // 4:2:0 chroma needs even sizes
    v.enc->height = height & ~1;
    v.enc->pix_fmt = AV_PIX_FMT_YUV420P;
    v.enc->time_base = AVRational{1, fps};
    v.enc->framerate = AVRational{fps, 1};
    v.enc->gop_size = 4 * fps;
    v.enc->max_b_frames = 0;  // every frame shown as it is stored: simple for players, editors and slides
    v.enc->thread_count = 1;  // one thread: the same input gives the same bytes
    v.enc->flags |= AV_CODEC_FLAG_BITEXACT;
    if (v.fmt->oformat->flags & AVFMT_GLOBALHEADER) v.enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    // Maps and text: sharp edges on flat colour; "stillimage" tuning keeps them crisp.
    A.av_opt_set(v.enc->priv_data, "preset", "veryfast", 0);
    A.av_opt_set(v.enc->priv_data, "tune", "stillimage", 0);
    A.av_opt_set(v.enc->priv_data, "crf", "20", 0);
#if defined(__x86_64__) || defined(__i386__)
    // Debian's x264 on a CPU with AVX-512 (this project's build machine) reads memory it never
    // wrote in its AVX-512 macroblock-tree code: about one video in ten came out with other bytes.
    // On such a CPU the encoder keeps to AVX2, which every AVX-512 CPU has: the same frames give
    // the same bytes whatever the heap held (checked with glibc filling fresh memory with other
    // bytes). Turning macroblock-tree rate control off instead made the sample's video a third
    // larger at the same quality.
    if (__builtin_cpu_supports("avx512f")) A.av_opt_set(v.enc->priv_data, "x264-params", "asm=avx2", 0);
#endif
    rc = A.avcodec_open2(v.enc, codec, nullptr);
    if (rc < 0) throw Error("cannot open the H.264 encoder: " + av_message(rc), path);
    rc = A.avcodec_parameters_from_context(v.stream->codecpar, v.enc);
    if (rc < 0) throw Error("cannot set up the video stream: " + av_message(rc), path);
    v.stream->time_base = v.enc->time_base;
    v.frame->format = v.enc->pix_fmt;
    v.frame->width = v.enc->width;
    v.frame->height = v.enc->height;
    rc = A.av_frame_get_buffer(v.frame, 0);
    if (rc < 0) throw Error("out of memory for a video frame: " + av_message(rc), path);
    // An odd last column or row is left out (cropped, not rescaled: sharper, and bit-exact).
    v.sws = A.sws_getContext(v.enc->width, v.enc->height, AV_PIX_FMT_RGBA, v.enc->width, v.enc->height, AV_PIX_FMT_YUV420P,
                           SWS_BICUBIC | SWS_ACCURATE_RND | SWS_BITEXACT, nullptr, nullptr, nullptr);
    if (!v.sws) throw Error("cannot set up the colour conversion", path);
    rc = A.avio_open(&v.fmt->pb, v.tmp.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) throw Error("cannot write: " + av_message(rc), v.tmp);
    AVDictionary* opts = nullptr;
    A.av_dict_set(&opts, "movflags", "+faststart", 0);  // plays while it downloads; slides embed it
    rc = A.avformat_write_header(v.fmt, &opts);
    A.av_dict_free(&opts);
    if (rc < 0) throw Error("cannot write the MP4 header: " + av_message(rc), path);
    v.header = true;
}

VideoWriter::~VideoWriter() = default;

void VideoWriter::add(const Image& img) {
    Impl& v = *m_impl;
    const Av& A = v.A;
    if (img.width != v.width || img.height != v.height) throw Error("a frame of another size", v.path);
    const int rc = A.av_frame_make_writable(v.frame);
    if (rc < 0) throw Error("out of memory for a video frame: " + av_message(rc), v.path);
    const std::uint8_t* src[1] = {img.rgba.data()};
    const int stride[1] = {img.width * 4};
    A.sws_scale(v.sws, src, stride, 0, v.enc->height, v.frame->data, v.frame->linesize);
    v.frame->pts = v.next_pts++;
    v.encode(v.frame);
}

void VideoWriter::finish() {
    Impl& v = *m_impl;
    const Av& A = v.A;
    v.encode(nullptr);
    int rc = A.av_write_trailer(v.fmt);
    if (rc < 0) throw Error("cannot finish the MP4: " + av_message(rc), v.path);
    A.avio_closep(&v.fmt->pb);
    std::error_code ec;
    std::filesystem::rename(v.tmp, v.path, ec);
    if (ec) throw Error("cannot move the video into place: " + ec.message(), v.path);
    v.done = true;
}

std::vector<Image> read_video_frames(const std::string& path, int max_frames) {
    const Av& A = av_or_throw(path);
    struct Guard {
        const Av& A = av();
        AVFormatContext* fmt = nullptr;
        AVCodecContext* dec = nullptr;
        AVFrame* frame = nullptr;
        AVPacket* pkt = nullptr;
        SwsContext* sws = nullptr;
        ~Guard() {
            if (sws) A.sws_freeContext(sws);
            if (pkt) A.av_packet_free(&pkt);
            if (frame) A.av_frame_free(&frame);
            if (dec) A.avcodec_free_context(&dec);
            if (fmt) A.avformat_close_input(&fmt);
        }
    } g;
    A.av_log_set_level(AV_LOG_QUIET);
    int rc = A.avformat_open_input(&g.fmt, path.c_str(), nullptr, nullptr);
    if (rc < 0) throw Error("cannot open the video: " + av_message(rc), path);
    if ((rc = A.avformat_find_stream_info(g.fmt, nullptr)) < 0) throw Error("cannot read the video: " + av_message(rc), path);
    const AVCodec* codec = nullptr;
    const int si = A.av_find_best_stream(g.fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (si < 0 || !codec) throw Error("no video stream", path);
    g.dec = A.avcodec_alloc_context3(codec);
    A.avcodec_parameters_to_context(g.dec, g.fmt->streams[si]->codecpar);
    g.dec->thread_count = 1;
    if ((rc = A.avcodec_open2(g.dec, codec, nullptr)) < 0) throw Error("cannot open the decoder: " + av_message(rc), path);
    g.frame = A.av_frame_alloc();
    g.pkt = A.av_packet_alloc();
    std::vector<Image> out;
    auto take = [&]() {
        while (static_cast<int>(out.size()) < max_frames && A.avcodec_receive_frame(g.dec, g.frame) == 0) {
            Image img;
            img.width = g.frame->width;
            img.height = g.frame->height;
            img.rgba.resize(static_cast<std::size_t>(img.width) * img.height * 4);
            g.sws = A.sws_getCachedContext(g.sws, img.width, img.height, static_cast<AVPixelFormat>(g.frame->format), img.width,
                                         img.height, AV_PIX_FMT_RGBA, SWS_BICUBIC, nullptr, nullptr, nullptr);
            std::uint8_t* dst[1] = {img.rgba.data()};
            const int stride[1] = {img.width * 4};
            A.sws_scale(g.sws, g.frame->data, g.frame->linesize, 0, img.height, dst, stride);
            out.push_back(std::move(img));
        }
    };
    while (static_cast<int>(out.size()) < max_frames && A.av_read_frame(g.fmt, g.pkt) >= 0) {
        if (g.pkt->stream_index == si) {
            int sent;
            while ((sent = A.avcodec_send_packet(g.dec, g.pkt)) == AVERROR(EAGAIN)) {
                const std::size_t before = out.size();
                take();
                if (out.size() == before) break;  // a full decoder that gives nothing back: stop, not spin
            }
            take();
        }
        A.av_packet_unref(g.pkt);
    }
    A.avcodec_send_packet(g.dec, nullptr);  // the frames still held back (B-frames)
    take();
    return out;
}

#else  // no FFmpeg in this build

struct VideoWriter::Impl {};

bool VideoWriter::available() { return false; }

std::string VideoWriter::unavailable_reason() {
    return "this conflictmap was built without FFmpeg's libraries (Debian: libavcodec-dev libavformat-dev "
           "libswscale-dev, then rebuild); write .gif or a folder of frames";
}

VideoWriter::VideoWriter(const std::string& path, int, int, int) { throw Error("MP4: " + unavailable_reason(), path); }
VideoWriter::~VideoWriter() = default;
void VideoWriter::add(const Image&) {}
void VideoWriter::finish() {}
std::vector<Image> read_video_frames(const std::string& path, int) { throw Error("MP4: " + VideoWriter::unavailable_reason(), path); }

#endif

}  // namespace cm::render
