#include "touchpoint/platform/host.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>
#include <set>
#include <vector>

#include "touchpoint/english_text.hpp"
#include "raster.hpp"
#include "sdl_textures.hpp"

namespace tp::platform {

struct Host::Impl {
    ui::UiContext* ctx = nullptr;
    ImGuiContext* imgui = nullptr;
    SDL_Window* window = nullptr;
    SDL_Surface* surface = nullptr;  // offscreen target
    SDL_Renderer* renderer = nullptr;
    // Frames are drawn by the CPU rasterizer (raster.hpp): offscreen, and on a software renderer.
    bool cpu = false;
    std::vector<std::uint32_t> frame_pixels;  // a window's frame when `cpu`
    SDL_Texture* frame_texture = nullptr;     // ... shown through this streaming texture
    int frame_width = 0, frame_height = 0;
    bool sdl_video = false;
    bool platform_backend = false;
    bool renderer_backend = false;
    bool vsync = false;
    bool quit = false;
    bool close_allowed = true;
    bool pointer_shown = true;
    std::optional<ImVec2> pointer;  // where the last motion event in the window put the pointer
    int width = 0;
    int height = 0;
    ui::InputScript script;
    std::shared_ptr<SdlTextures> textures;  // the screens' pictures, on this renderer
    // Events held for the next frame: a key released in the same pump it was pressed in, and
    // everything after it, so the frame in between sees the key down (xdotool, fast typists).
    std::deque<SDL_Event> held;

    // Feeds one event to ImGui and the window state.
    void process(const SDL_Event& event) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_MOUSEMOTION && event.motion.windowID == SDL_GetWindowID(window))
            pointer = ImVec2(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y));
        if (event.type == SDL_QUIT) quit = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(window) && close_allowed)
            quit = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            SDL_GetRendererOutputSize(renderer, &width, &height);
    }

    // Takes the held events, then SDL's, up to the first key-up of a key pressed in this pump.
    // Returns the number of events processed.
    int pump() {
        std::deque<SDL_Event> queue;
        queue.swap(held);
        SDL_Event event;
        while (SDL_PollEvent(&event)) queue.push_back(event);
        std::set<SDL_Keycode> pressed;
        int processed = 0;
        while (!queue.empty()) {
            const SDL_Event& e = queue.front();
            if (e.type == SDL_KEYUP && pressed.count(e.key.keysym.sym)) break;
            if (e.type == SDL_KEYDOWN) pressed.insert(e.key.keysym.sym);
            process(e);
            queue.pop_front();
            ++processed;
        }
        held = std::move(queue);
        return processed;
    }

    ~Impl() {
        if (imgui) {
            ImGui::SetCurrentContext(imgui);
            if (renderer_backend) ImGui_ImplSDLRenderer_Shutdown();
            if (platform_backend) ImGui_ImplSDL2_Shutdown();
            ImGui::DestroyContext(imgui);
        }
        textures.reset();  // handles the screens still hold now hold nothing; SDL frees the rest
        if (frame_texture) SDL_DestroyTexture(frame_texture);
        if (renderer) SDL_DestroyRenderer(renderer);
        if (surface) SDL_FreeSurface(surface);
        if (window) SDL_DestroyWindow(window);
        if (sdl_video) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }

    void make_current() const { ImGui::SetCurrentContext(imgui); }

    // ImGui setup shared by both kinds of host; the renderer must exist.
    Status init_imgui() {
        IMGUI_CHECKVERSION();
        ImGuiContext* previous = ImGui::GetCurrentContext();
        imgui = ImGui::CreateContext();
        ImGui::SetCurrentContext(imgui);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // a shared kiosk keeps no layout or history on disk
        io.LogFilename = nullptr;
        io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
        if (window) platform_backend = ImGui_ImplSDL2_InitForSDLRenderer(window);
        renderer_backend = ImGui_ImplSDLRenderer_Init(renderer);
        textures = std::make_shared<SdlTextures>(renderer, cpu);
        ctx->set_texture_sink(textures);
        // The context's fonts now live in this host's atlas.
        if (auto st = ctx->install_fonts(*io.Fonts); !st)
            SDL_Log("touchpoint: %s (%s)", tp::english_text(st.error()).c_str(), st.error().detail.c_str());
        if (previous) ImGui::SetCurrentContext(previous);
        if (!renderer_backend || (window && !platform_backend))
            return Error{Errc::InvalidInput, "error.display_failed", "ImGui SDL backends failed to init"};
        return Ok{};
    }

    void rebuild_fonts_if_needed() {
        if (!ctx->fonts_dirty()) return;
        ImGui_ImplSDLRenderer_DestroyFontsTexture();  // re-created by the next NewFrame
        if (auto st = ctx->install_fonts(*ImGui::GetIO().Fonts); !st)
            SDL_Log("touchpoint: %s (%s)", tp::english_text(st.error()).c_str(), st.error().detail.c_str());
    }

    void new_frame() {
        make_current();
        rebuild_fonts_if_needed();
        ImGuiIO& io = ImGui::GetIO();
        ImGui_ImplSDLRenderer_NewFrame();
        if (platform_backend) {
            ImGui_ImplSDL2_NewFrame();
            // While a button is held the pointer follows the window's own motion events: the
            // backend reads the pointer only while the window has mouse focus, which X11 takes
            // away once SDL captures the mouse for the press, so a drag (a signature, a scroll)
            // would otherwise stay at the point it began.
            if (pointer && (io.MouseDown[0] || io.MouseDown[1] || io.MouseDown[2])) io.MousePos = *pointer;
        } else {
            io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
            io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
            io.DeltaTime = 1.0f / 60.0f;
        }
        script.apply_next(io);
        ImGui::NewFrame();
        ctx->begin_frame();
    }

    // Where the CPU rasterizer draws: the offscreen surface, or the window's frame (sized to the
    // display, then shown through a streaming texture the renderer scales to its output).
    PixelView cpu_target() {
        if (!window) return {static_cast<std::uint32_t*>(surface->pixels), surface->w, surface->h, surface->pitch / 4};
        const ImVec2 size = ImGui::GetIO().DisplaySize;
        const int w = std::max(1, static_cast<int>(size.x)), h = std::max(1, static_cast<int>(size.y));
        if (!frame_texture || w != frame_width || h != frame_height) {
            if (frame_texture) SDL_DestroyTexture(frame_texture);
            frame_texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, w, h);
            frame_width = w;
            frame_height = h;
            frame_pixels.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
        }
        return {frame_pixels.data(), w, h, w};
    }

    void render_cpu(Image* capture) {
        const ui::Color bg = ctx->palette().background;
        const PixelView target = cpu_target();
        clear_pixels(target, IM_COL32(bg.r, bg.g, bg.b, 255));
        ImFontAtlas* atlas = ImGui::GetIO().Fonts;
        rasterize(*ImGui::GetDrawData(), target, [&](ImTextureID id) -> PixelView {
            if (id == atlas->TexID) {
                unsigned char* pixels = nullptr;
                int w = 0, h = 0;
                atlas->GetTexDataAsRGBA32(&pixels, &w, &h);
                return {reinterpret_cast<std::uint32_t*>(pixels), w, h, w};
            }
            return textures->pixels(id);
        });
        if (capture) {
            capture->width = target.width;
            capture->height = target.height;
            capture->rgba.resize(static_cast<std::size_t>(target.width) * static_cast<std::size_t>(target.height) * 4);
            for (int y = 0; y < target.height; ++y)
                std::memcpy(capture->rgba.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(target.width) * 4,
                            target.pixels + static_cast<std::size_t>(y) * static_cast<std::size_t>(target.stride),
                            static_cast<std::size_t>(target.width) * 4);
        }
        if (window && frame_texture) {
            SDL_UpdateTexture(frame_texture, nullptr, frame_pixels.data(), frame_width * 4);
            SDL_RenderCopy(renderer, frame_texture, nullptr, nullptr);
            SDL_RenderPresent(renderer);
        }
        textures->free_released();
    }

    void render(Image* capture) {
        ctx->end_frame();
        ImGui::Render();
        if (cpu) {
            render_cpu(capture);
            return;
        }
        const ui::Color bg = ctx->palette().background;
        SDL_SetRenderDrawColor(renderer, bg.r, bg.g, bg.b, 255);
        SDL_RenderClear(renderer);
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
        if (capture) {
            int w = 0, h = 0;
            SDL_GetRendererOutputSize(renderer, &w, &h);
            capture->width = w;
            capture->height = h;
            capture->rgba.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0);
            if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, capture->rgba.data(), w * 4) != 0) {
                capture->width = capture->height = 0;
                capture->rgba.clear();
            }
        }
        SDL_RenderPresent(renderer);
        textures->free_released();
    }
};

Host::Host(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Host::~Host() = default;

Result<std::unique_ptr<Host>> Host::open_window(const WindowConfig& config, ui::UiContext& ctx) {
    auto impl = std::make_unique<Impl>();
    impl->ctx = &ctx;
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "0");
    // A close of the window is the Host's to judge (set_close_allowed); only signals raise SDL_QUIT.
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return Error{Errc::InvalidInput, "error.display_failed", std::string("SDL video: ") + SDL_GetError()};
    impl->sdl_video = true;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (config.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    impl->window = SDL_CreateWindow(config.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                    config.width, config.height, flags);
    if (!impl->window)
        return Error{Errc::InvalidInput, "error.display_failed", std::string("SDL window: ") + SDL_GetError()};
    Uint32 renderer_flags = SDL_RENDERER_ACCELERATED;
    if (config.vsync) renderer_flags |= SDL_RENDERER_PRESENTVSYNC;
    impl->renderer = SDL_CreateRenderer(impl->window, -1, renderer_flags);
    if (!impl->renderer) impl->renderer = SDL_CreateRenderer(impl->window, -1, SDL_RENDERER_SOFTWARE);
    if (!impl->renderer)
        return Error{Errc::InvalidInput, "error.display_failed", std::string("SDL renderer: ") + SDL_GetError()};
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(impl->renderer, &info);
    impl->vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    impl->cpu = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    SDL_GetRendererOutputSize(impl->renderer, &impl->width, &impl->height);
    if (auto st = impl->init_imgui(); !st) return st.error();
    return std::unique_ptr<Host>(new Host(std::move(impl)));
}

Result<std::unique_ptr<Host>> Host::open_offscreen(int width, int height, ui::UiContext& ctx) {
    if (width <= 0 || height <= 0)
        return Error{Errc::InvalidInput, "error.display_failed", "offscreen size must be positive"};
    auto impl = std::make_unique<Impl>();
    impl->ctx = &ctx;
    impl->width = width;
    impl->height = height;
    impl->surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_RGBA32);
    if (!impl->surface)
        return Error{Errc::InvalidInput, "error.display_failed", std::string("SDL surface: ") + SDL_GetError()};
    impl->renderer = SDL_CreateSoftwareRenderer(impl->surface);
    impl->cpu = true;
    if (!impl->renderer)
        return Error{Errc::InvalidInput, "error.display_failed", std::string("SDL renderer: ") + SDL_GetError()};
    if (auto st = impl->init_imgui(); !st) return st.error();
    return std::unique_ptr<Host>(new Host(std::move(impl)));
}

bool Host::pump_events() {
    if (!impl_->window) return !impl_->quit;
    impl_->make_current();
    impl_->pump();
    return !impl_->quit;
}

bool Host::wait_events(int timeout_ms) {
    if (!impl_->window) return false;
    impl_->make_current();
    if (impl_->held.empty()) {
        SDL_Event event;
        if (!SDL_WaitEventTimeout(&event, timeout_ms)) return false;
        impl_->held.push_back(event);
    }
    return impl_->pump() > 0;
}

bool Host::quit_requested() const { return impl_->quit; }

void Host::request_quit() { impl_->quit = true; }

void Host::set_close_allowed(bool allowed) { impl_->close_allowed = allowed; }

bool Host::close_allowed() const { return impl_->close_allowed; }

void Host::set_pointer_shown(bool shown) {
    if (shown == impl_->pointer_shown) return;
    impl_->pointer_shown = shown;
    impl_->make_current();
    ImGuiIO& io = ImGui::GetIO();
    if (shown) io.ConfigFlags &= ~ImGuiConfigFlags_NoMouseCursorChange;
    else io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    if (impl_->window) SDL_ShowCursor(shown ? SDL_ENABLE : SDL_DISABLE);
}

bool Host::pointer_shown() const { return impl_->pointer_shown; }

ui::InputScript& Host::script() { return impl_->script; }

void Host::frame(const DrawFn& draw) {
    impl_->new_frame();
    draw();
    impl_->render(nullptr);
}

Result<Image> Host::frame_and_capture(const DrawFn& draw) {
    impl_->new_frame();
    draw();
    Image image;
    impl_->render(&image);
    if (image.rgba.empty())
        return Error{Errc::InvalidInput, "error.picture_not_saved", std::string("SDL_RenderReadPixels: ") + SDL_GetError()};
    return image;
}

int Host::run_script(const DrawFn& draw, int max_frames) {
    int frames = 0;
    while (frames < max_frames) {
        const bool last = impl_->script.empty();
        frame(draw);
        ++frames;
        if (last) break;
    }
    return frames;
}

int Host::width() const { return impl_->width; }
int Host::height() const { return impl_->height; }
bool Host::offscreen() const { return impl_->window == nullptr; }

void run(Host& host, const DrawFn& draw, const std::function<bool()>& wants_frame,
         const std::function<void()>& after_frame, const std::function<void()>& each_turn) {
    constexpr Uint64 kFrameMs = 16;
    constexpr int kSettleFrames = 3;  // ImGui needs a few frames to settle hover, press, release
    int settle = kSettleFrames;
    while (!host.quit_requested()) {
        if (each_turn) each_turn();
        const bool input = host.wait_events(settle > 0 ? 0 : 250);
        if (host.quit_requested()) break;
        if (input) settle = kSettleFrames;
        if (settle == 0 && !(wants_frame && wants_frame())) continue;
        const Uint64 start = SDL_GetTicks64();
        host.frame(draw);
        if (after_frame) after_frame();
        if (settle > 0) --settle;
        // Software renderers have no vsync: pace to ~60 fps instead of spinning a core.
        const Uint64 spent = SDL_GetTicks64() - start;
        if (spent < kFrameMs) SDL_Delay(static_cast<Uint32>(kFrameMs - spent));
    }
}

}  // namespace tp::platform
