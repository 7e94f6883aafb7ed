"""Where a till finds its hub: the `[hub]` section of settings.toml (url, site), or the command line.

```toml
[hub]
url = "postgresql://north_site@hub.example.com:5432/chain?sslmode=require"
site = "north"
```
The password is never written here: libpq reads it from PGPASSWORD or a 0600 password file
(PGPASSFILE or ~/.pgpass). A URL with a password in settings.toml is refused.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from posapp.domain.errors import UserError

SITE = re.compile(r"[a-z0-9_]{1,32}")
_HAS_PASSWORD = re.compile(r"://[^:/@]*:[^@]*@")


@dataclass(frozen=True)
class HubSettings:
    url: str
    site: str


def checked_site(site: str, where: str) -> str:
    if not SITE.fullmatch(site):
        raise UserError(
            f"{where}: the site must be up to 32 lower-case letters, digits or '_', not {site!r}."
        )
    return site


def hub_settings(
    settings_path: Path, *, url: str | None = None, site: str | None = None
) -> HubSettings | None:
    """The hub this till syncs with, or None when none is configured; given values win over the file."""
    section: dict[str, object] = {}
    if settings_path.is_file():
        try:
            data = tomllib.loads(settings_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
            raise UserError(f"{settings_path} cannot be read: {error}.") from None
        raw = data.get("hub", {})
        section = raw if isinstance(raw, dict) else {}
    file_url = str(section.get("url", "") or "")
    if file_url and _HAS_PASSWORD.search(file_url):
        raise UserError(
            f"{settings_path} [hub] url holds a password: remove it and give it in PGPASSWORD or a 0600 "
            "password file (PGPASSFILE)."
        )
    chosen_url = url or file_url
    if not chosen_url:
        return None
    chosen_site = site or str(section.get("site", "") or "")
    if not chosen_site:
        raise UserError(f"{settings_path} [hub] needs `site`, the name of this site in the chain.")
    return HubSettings(chosen_url, checked_site(chosen_site, f"{settings_path} [hub] site"))
