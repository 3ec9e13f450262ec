#!/usr/bin/python3
"""QGIS's side of bench/bench_briefing.sh: renders one event file to a PNG headless, the way a
QGIS user would make the same picture — the events categorised by event_type (one colour per
type, as conflictmap does), the extent of the layer, the given size — and exits.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/qgis_render.py FILE OUT.png WIDTH HEIGHT

FILE: a GeoJSON or GeoPackage (OGR provider) or an ACLED-style CSV with longitude/latitude
columns (delimited-text provider). Needs Debian's qgis and python3-qgis.
"""
import os
import sys

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsMarkerSymbol, QgsRendererCategory, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

TYPES = {  # conflictmap's colours (Okabe-Ito), so both pictures show the same thing
    "Battles": "#d55e00", "Explosions/Remote violence": "#e69f00", "Violence against civilians": "#cc79a7",
    "Strategic developments": "#0072b2", "Protests": "#009e73", "Riots": "#8b6f00",
}


def main():
    path, out, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    app = QgsApplication([], False)
    app.initQgis()
    if path.endswith(".csv"):
        layer = QgsVectorLayer(f"file://{path}?delimiter=,&xField=longitude&yField=latitude&crs=EPSG:4326", "events",
                               "delimitedtext")
    else:
        layer = QgsVectorLayer(path, "events", "ogr")
    if not layer.isValid():
        sys.exit(f"QGIS cannot open {path}")
    cats = [QgsRendererCategory(t, QgsMarkerSymbol.createSimple({"name": "circle", "color": c, "size": "2"}), t)
            for t, c in TYPES.items()]
    layer.setRenderer(QgsCategorizedSymbolRenderer("event_type", cats))
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(w, h))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if not job.renderedImage().save(out, "PNG"):
        sys.exit(f"QGIS cannot write {out}")
    # QGIS 3.22's Python bindings crash while tearing down layers at exit (after the picture is
    # written); leave without the teardown so the exit status says whether the picture was made.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
