#include "raster.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tp::platform {
namespace {

struct Clip {
    int x0, y0, x1, y1;  // pixels [x0, x1) x [y0, y1)
};

// Coordinates far outside any target, and NaN, as a coordinate just outside every target (so
// conversions to int are defined).
inline float bounded(float v) { return std::isnan(v) ? -1e6f : std::clamp(v, -1e6f, 1e6f); }

inline std::uint32_t channel(std::uint32_t c, int shift) { return (c >> shift) & 0xffu; }

// x / 255, rounded, for x in [0, 255 * 255].
inline std::uint32_t div255(std::uint32_t x) { return (x + 128 + ((x + 128) >> 8)) >> 8; }

inline std::uint32_t modulate(std::uint32_t texel, std::uint32_t colour) {
    if (texel == 0xffffffffu) return colour;
    std::uint32_t out = 0;
    for (int shift = 0; shift < 32; shift += 8)
        out |= div255(channel(texel, shift) * channel(colour, shift)) << shift;
    return out;
}

// Straight alpha: rgb = src·a + dst·(1−a); a = a_src + a_dst·(1−a_src).
inline void blend(std::uint32_t& dst, std::uint32_t src) {
    const std::uint32_t a = src >> 24;
    if (a == 255) {
        dst = src;
        return;
    }
    if (a == 0) return;
    const std::uint32_t ia = 255 - a;
    const std::uint32_t d = dst;
    std::uint32_t out = 0;
    for (int shift = 0; shift < 24; shift += 8)
        out |= div255(channel(src, shift) * a + channel(d, shift) * ia) << shift;
    out |= (a + div255(channel(d, 24) * ia)) << 24;
    dst = out;
}

inline std::uint32_t sample(const PixelView& t, float u, float v) {
    if (!t.pixels) return 0xffffffffu;
    int x = static_cast<int>(bounded(u * static_cast<float>(t.width)));
    int y = static_cast<int>(bounded(v * static_cast<float>(t.height)));
    x = std::clamp(x, 0, t.width - 1);
    y = std::clamp(y, 0, t.height - 1);
    return t.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(t.stride) + static_cast<std::size_t>(x)];
}

// Where SDL's renderer places a span: its start and its size truncated; [start, end), clamped
// to a range no target reaches; empty for NaN.
inline std::pair<int, int> placed(float start, float size) {
    if (std::isnan(start) || std::isnan(size)) return {0, 0};
    const double s = std::trunc(static_cast<double>(start));
    const double e = s + std::trunc(static_cast<double>(size));
    const auto to_int = [](double v) { return static_cast<int>(std::clamp(v, -1e9, 1e9)); };
    return {to_int(s), to_int(e)};
}

// The first pixel whose centre is at or right of `edge`.
inline int first_pixel(float edge) { return static_cast<int>(std::ceil(bounded(edge) - 0.5f)); }

inline std::uint32_t* row(const PixelView& p, int y) {
    return p.pixels + static_cast<std::size_t>(y) * static_cast<std::size_t>(p.stride);
}

void fill_span(std::uint32_t* px, int x0, int x1, std::uint32_t colour) {
    if ((colour >> 24) == 255) {
        std::fill(px + x0, px + x1, colour);
        return;
    }
    for (int x = x0; x < x1; ++x) blend(px[x], colour);
}

// ImGui's rectangles: vertices a (top left), b (top right), c (bottom right), d (bottom left) as
// triangles (a, b, c) and (a, c, d), one colour, texture coordinates along the axes.
bool is_rect(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c, const ImDrawVert& d) {
    return a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x &&
           a.pos.x < b.pos.x && a.pos.y < d.pos.y && a.col == b.col && a.col == c.col &&
           a.col == d.col && a.uv.y == b.uv.y && b.uv.x == c.uv.x && c.uv.y == d.uv.y &&
           d.uv.x == a.uv.x;
}

// As SDL's renderer places a rectangle: its origin and size truncated to whole pixels; a texture
// rectangle likewise in texels, stretched by nearest texel from each pixel's centre.
void draw_rect(const ImDrawVert& a, const ImDrawVert& c, const ImVec2& origin, const Clip& clip,
               const PixelView& target, const PixelView& texture) {
    const auto [x0, x1] = placed(a.pos.x - origin.x, c.pos.x - a.pos.x);
    const auto [y0, y1] = placed(a.pos.y - origin.y, c.pos.y - a.pos.y);
    const int w = x1 - x0, h = y1 - y0;
    const int xs = std::max(x0, clip.x0), xe = std::min(x1, clip.x1);
    const int ys = std::max(y0, clip.y0), ye = std::min(y1, clip.y1);
    if (xs >= xe || ys >= ye) return;
    if (!texture.pixels || (a.uv.x == c.uv.x && a.uv.y == c.uv.y)) {
        const std::uint32_t colour = modulate(sample(texture, a.uv.x, a.uv.y), a.col);
        for (int y = ys; y < ye; ++y) fill_span(row(target, y), xs, xe, colour);
        return;
    }
    const int sx = static_cast<int>(bounded(a.uv.x * static_cast<float>(texture.width)));
    const int sy = static_cast<int>(bounded(a.uv.y * static_cast<float>(texture.height)));
    const int sw = static_cast<int>(bounded(c.uv.x * static_cast<float>(texture.width))) - sx;
    const int sh = static_cast<int>(bounded(c.uv.y * static_cast<float>(texture.height))) - sy;
    const auto texel_at = [](int start, int src, int dst, int i, int size) {
        const long long t = start + ((2LL * i + 1) * src) / (2LL * dst);
        return static_cast<int>(std::clamp<long long>(t, 0, size - 1));
    };
    for (int y = ys; y < ye; ++y) {
        std::uint32_t* px = row(target, y);
        const int ty = texel_at(sy, sh, h, y - y0, texture.height);
        const std::uint32_t* src = texture.pixels + static_cast<std::size_t>(ty) * static_cast<std::size_t>(texture.stride);
        for (int x = xs; x < xe; ++x) blend(px[x], modulate(src[texel_at(sx, sw, w, x - x0, texture.width)], a.col));
    }
}

struct Point {
    float x, y;
};

// Where the edge p-q crosses the row at height `cy`; the same for every triangle sharing the
// edge (its ends are taken in one order), so neighbours split the pixels along it exactly.
inline float edge_x(Point p, Point q, float cy) {
    if (q.y < p.y || (q.y == p.y && q.x < p.x)) std::swap(p, q);
    return p.x + (q.x - p.x) * (cy - p.y) / (q.y - p.y);
}

// A value across the triangle: f(x, y) = f0 + dx·(x − x0) + dy·(y − y0).
struct Plane {
    float f0 = 0, dx = 0, dy = 0;
    float at(float x, float y, Point p0) const { return f0 + dx * (x - p0.x) + dy * (y - p0.y); }
};

Plane plane(Point p0, Point p1, Point p2, float f0, float f1, float f2, float det) {
    Plane pl;
    pl.f0 = f0;
    pl.dx = ((f1 - f0) * (p2.y - p0.y) - (f2 - f0) * (p1.y - p0.y)) / det;
    pl.dy = ((f2 - f0) * (p1.x - p0.x) - (f1 - f0) * (p2.x - p0.x)) / det;
    return pl;
}

inline std::uint32_t to_byte(float v) {
    if (std::isnan(v)) return 0;
    return static_cast<std::uint32_t>(std::clamp(v + 0.5f, 0.0f, 255.0f));
}

void draw_triangle(const ImDrawVert& va, const ImDrawVert& vb, const ImDrawVert& vc,
                   const ImVec2& origin, const Clip& clip, const PixelView& target,
                   const PixelView& texture) {
    const Point p[3] = {{va.pos.x - origin.x, va.pos.y - origin.y},
                        {vb.pos.x - origin.x, vb.pos.y - origin.y},
                        {vc.pos.x - origin.x, vc.pos.y - origin.y}};
    const float det = (p[1].x - p[0].x) * (p[2].y - p[0].y) - (p[2].x - p[0].x) * (p[1].y - p[0].y);
    if (det == 0 || !std::isfinite(det)) return;
    int order[3] = {0, 1, 2};
    std::sort(order, order + 3, [&](int i, int j) { return p[i].y < p[j].y || (p[i].y == p[j].y && p[i].x < p[j].x); });
    const Point top = p[order[0]], mid = p[order[1]], bot = p[order[2]];
    const int ys = std::max(first_pixel(top.y), clip.y0), ye = std::min(first_pixel(bot.y), clip.y1);
    if (ys >= ye) return;

    const bool flat_uv = (va.uv.x == vb.uv.x && va.uv.x == vc.uv.x && va.uv.y == vb.uv.y && va.uv.y == vc.uv.y) ||
                         !texture.pixels;
    const bool flat_col = va.col == vb.col && va.col == vc.col;
    const std::uint32_t flat = modulate(sample(texture, va.uv.x, va.uv.y), va.col);
    Plane ch[4], u, v;
    if (!flat_col)
        for (int k = 0; k < 4; ++k)
            ch[k] = plane(p[0], p[1], p[2], static_cast<float>(channel(va.col, 8 * k)),
                          static_cast<float>(channel(vb.col, 8 * k)), static_cast<float>(channel(vc.col, 8 * k)), det);
    if (!flat_uv) {
        u = plane(p[0], p[1], p[2], va.uv.x, vb.uv.x, vc.uv.x, det);
        v = plane(p[0], p[1], p[2], va.uv.y, vb.uv.y, vc.uv.y, det);
    }

    for (int y = ys; y < ye; ++y) {
        const float cy = static_cast<float>(y) + 0.5f;
        const float xa = edge_x(top, bot, cy);
        const float xb = cy < mid.y ? edge_x(top, mid, cy) : edge_x(mid, bot, cy);
        const int xs = std::max(first_pixel(std::min(xa, xb)), clip.x0);
        const int xe = std::min(first_pixel(std::max(xa, xb)), clip.x1);
        if (xs >= xe) continue;
        std::uint32_t* px = row(target, y);
        if (flat_col && flat_uv) {
            fill_span(px, xs, xe, flat);
            continue;
        }
        const float cx = static_cast<float>(xs) + 0.5f;
        float c[4] = {0, 0, 0, 0}, uu = 0, vv = 0;
        if (!flat_col)
            for (int k = 0; k < 4; ++k) c[k] = ch[k].at(cx, cy, p[0]);
        if (!flat_uv) {
            uu = u.at(cx, cy, p[0]);
            vv = v.at(cx, cy, p[0]);
        }
        for (int x = xs; x < xe; ++x) {
            const std::uint32_t colour =
                flat_col ? va.col
                         : to_byte(c[0]) | to_byte(c[1]) << 8 | to_byte(c[2]) << 16 | to_byte(c[3]) << 24;
            const std::uint32_t texel = flat_uv ? sample(texture, va.uv.x, va.uv.y) : sample(texture, uu, vv);
            blend(px[x], modulate(texel, colour));
            if (!flat_col)
                for (int k = 0; k < 4; ++k) c[k] += ch[k].dx;
            if (!flat_uv) {
                uu += u.dx;
                vv += v.dx;
            }
        }
    }
}

void draw_list(const ImDrawList& list, const ImVec2& origin, const PixelView& target,
               const TextureLookup& textures) {
    const ImDrawVert* vtx = list.VtxBuffer.Data;
    const ImDrawIdx* idx = list.IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        if (cmd.UserCallback) {
            if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(&list, &cmd);
            continue;
        }
        // As SDL's renderer clips: the rectangle's origin and size truncated to whole pixels.
        const float cx0 = cmd.ClipRect.x - origin.x, cy0 = cmd.ClipRect.y - origin.y;
        const float cx1 = cmd.ClipRect.z - origin.x, cy1 = cmd.ClipRect.w - origin.y;
        if (cx1 <= cx0 || cy1 <= cy0) continue;
        const auto [x0, x1] = placed(cx0, cx1 - cx0);
        const auto [y0, y1] = placed(cy0, cy1 - cy0);
        Clip clip{std::max(x0, 0), std::max(y0, 0), std::min(x1, target.width), std::min(y1, target.height)};
        if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
        PixelView texture = textures ? textures(cmd.TextureId) : PixelView{};
        if (texture.width <= 0 || texture.height <= 0) texture = {};  // drawn as if white
        const ImDrawVert* v = vtx + cmd.VtxOffset;
        const ImDrawIdx* i = idx + cmd.IdxOffset;
        const unsigned n = cmd.ElemCount;
        for (unsigned k = 0; k + 2 < n;) {
            if (k + 5 < n && i[k + 3] == i[k] && i[k + 4] == i[k + 2] &&
                is_rect(v[i[k]], v[i[k + 1]], v[i[k + 2]], v[i[k + 5]])) {
                draw_rect(v[i[k]], v[i[k + 2]], origin, clip, target, texture);
                k += 6;
                continue;
            }
            draw_triangle(v[i[k]], v[i[k + 1]], v[i[k + 2]], origin, clip, target, texture);
            k += 3;
        }
    }
}

}  // namespace

void clear_pixels(const PixelView& target, std::uint32_t colour) {
    for (int y = 0; y < target.height; ++y) std::fill(row(target, y), row(target, y) + target.width, colour);
}

void rasterize(const ImDrawData& data, const PixelView& target, const TextureLookup& textures) {
    for (int n = 0; n < data.CmdListsCount; ++n) draw_list(*data.CmdLists[n], data.DisplayPos, target, textures);
}

}  // namespace tp::platform
