// conflictmap render/gl: the surfaceless EGL context.
#include "render/gl/Headless.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "core/Error.h"
#include "render/gl/Gl.h"

namespace cm::render::gl {

HeadlessContext::HeadlessContext() {
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!get_platform_display) throw Error("EGL has no eglGetPlatformDisplayEXT (install libegl-mesa0)");
    EGLDisplay dpy = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (dpy == EGL_NO_DISPLAY) throw Error("EGL: no surfaceless display (install Mesa's libegl-mesa0 and libgl1-mesa-dri)");
    EGLint major = 0, minor = 0;
    if (!eglInitialize(dpy, &major, &minor)) throw Error("EGL: cannot initialise the surfaceless display");
    if (!eglBindAPI(EGL_OPENGL_API)) {
        eglTerminate(dpy);
        throw Error("EGL: desktop OpenGL is not available");
    }
    const EGLint config_attrs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint n = 0;
    if (!eglChooseConfig(dpy, config_attrs, &config, 1, &n) || n < 1) {
        const EGLint any[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
        if (!eglChooseConfig(dpy, any, &config, 1, &n) || n < 1) {
            eglTerminate(dpy);
            throw Error("EGL: no OpenGL configuration");
        }
    }
    const EGLint ctx_attrs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, ctx_attrs);
    if (ctx == EGL_NO_CONTEXT) {
        eglTerminate(dpy);
        throw Error("EGL: cannot create an OpenGL 3.3 core context");
    }
    if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
        eglDestroyContext(dpy, ctx);
        eglTerminate(dpy);
        throw Error("EGL: cannot make the surfaceless context current");
    }
    m_display = dpy;
    m_context = ctx;
    load(reinterpret_cast<GLADloadfunc>(eglGetProcAddress));
}

HeadlessContext::~HeadlessContext() {
    if (!m_display) return;
    eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(m_display, m_context);
    eglTerminate(m_display);
}

}  // namespace cm::render::gl
