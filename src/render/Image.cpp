// conflictmap render: PNG through GDAL (MEM dataset, CreateCopy to the PNG driver).
#include "render/Image.h"

#include <gdal_priv.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/Error.h"
#include "geo/Ogr.h"

namespace cm::render {

void write_png(const Image& img, const std::string& path) {
    geo::init_gdal();
    if (img.width <= 0 || img.height <= 0 || img.rgba.size() != static_cast<std::size_t>(img.width) * img.height * 4)
        throw Error("no image to write", path);
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
    if (!mem || !png) throw Error("GDAL lacks the MEM or PNG driver", path);
    std::unique_ptr<GDALDataset> ds(mem->Create("", img.width, img.height, 3, GDT_Byte, nullptr));
    for (int b = 0; b < 3; ++b) {
        // Interleaved RGBA read straight from the buffer: pixel spacing 4, line spacing width*4.
        auto* data = const_cast<std::uint8_t*>(img.rgba.data() + b);
        if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, img.width, img.height, data, img.width, img.height,
                                               GDT_Byte, 4, static_cast<GSpacing>(img.width) * 4) != CE_None)
            throw Error("cannot fill the image buffer", path);
    }
    const std::filesystem::path target(path);
    const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp")).string();
    {
        std::unique_ptr<GDALDataset> out(png->CreateCopy(tmp.c_str(), ds.get(), FALSE, nullptr, nullptr, nullptr));
        if (!out) throw Error(std::string("cannot write PNG: ") + CPLGetLastErrorMsg(), path);
    }
    std::remove((tmp + ".aux.xml").c_str());
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error("cannot move the PNG into place", path);
    }
}

Image read_image(const std::string& path) {
    geo::init_gdal();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
    if (!ds) throw Error("cannot open image", path);
    Image img;
    img.width = ds->GetRasterXSize();
    img.height = ds->GetRasterYSize();
    img.rgba.assign(static_cast<std::size_t>(img.width) * img.height * 4, 255);
    const int bands = ds->GetRasterCount();
    for (int b = 0; b < 4; ++b) {
        const int src = bands >= 3 ? b + 1 : 1;
        if (b == 3 && bands < 4) break;
        if (ds->GetRasterBand(src)->RasterIO(GF_Read, 0, 0, img.width, img.height, img.rgba.data() + b, img.width,
                                             img.height, GDT_Byte, 4, static_cast<GSpacing>(img.width) * 4) != CE_None)
            throw Error("cannot read image pixels", path);
    }
    return img;
}

double ImageDiff::fraction() const { return total ? double(differing) / double(total) : 1.0; }

ImageDiff compare(const Image& a, const Image& b, int tolerance) {
    ImageDiff d;
    d.same_size = a.width == b.width && a.height == b.height;
    if (!d.same_size) return d;
    d.total = static_cast<std::size_t>(a.width) * a.height;
    for (std::size_t i = 0; i < a.rgba.size(); i += 4) {
        int m = 0;
        for (int c = 0; c < 3; ++c) m = std::max(m, std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])));
        d.max_difference = std::max(d.max_difference, m);
        if (m > tolerance) ++d.differing;
    }
    return d;
}

}  // namespace cm::render
