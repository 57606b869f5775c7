#!/usr/bin/python3
# Prints, as JSON, what libosinfo itself (through GObject introspection: Debian's gir1.2-libosinfo-1.0 and
# python3-gi) says about every OS of the database: test/unit/osinfo-libosinfo.test.ts compares it with get().
import json
import sys

import gi

gi.require_version("Libosinfo", "1.0")
from gi.repository import Libosinfo  # noqa: E402

loader = Libosinfo.Loader()
loader.process_default_path()
db = loader.get_db()


def resources(lst):
    return [
        [r.get_architecture(), r.get_n_cpus(), r.get_cpu(), r.get_ram(), r.get_storage()]
        for r in lst.get_elements()
    ]


out = []
for o in db.get_os_list().get_elements():
    out.append(
        {
            "id": o.get_id(),
            "shortIds": list(o.get_short_id_list()),
            "name": o.get_name(),
            "vendor": o.get_vendor(),
            "family": o.get_family(),
            "distro": o.get_distro(),
            "version": o.get_version(),
            "codename": o.get_codename(),
            "releaseDate": o.get_release_date_string(),
            "eolDate": o.get_eol_date_string(),
            "releaseStatus": o.get_param_value("release-status"),
            "devices": sorted(d.get_id() for d in o.get_all_devices(None).get_elements()),
            "firmware": sorted(
                [f.get_architecture(), f.get_firmware_type(), f.is_supported()]
                for f in o.get_complete_firmware_list(None).get_elements()
            ),
            "minimum": resources(o.get_minimum_resources()),
            "recommended": resources(o.get_recommended_resources()),
            "maximum": resources(o.get_maximum_resources()),
            "media": len(o.get_media_list().get_elements()),
        }
    )
json.dump(out, sys.stdout)
