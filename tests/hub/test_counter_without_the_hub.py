"""A till with a hub set but unreachable starts and sells as one without a hub, never loading psycopg."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from posapp.settings import default_settings_path

SELL = """
import json, sys
from pathlib import Path
from posapp.counter import open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.services.tills import TillPlace
from posapp.storage.cashiers import Role

folder = Path(sys.argv[1])
settings = folder / "settings.toml"
counter = open_counter(folder / "counter.db", settings_path=settings, till=TillPlace(folder / "t"))
cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
wash = counter.catalog.get("standard_wash")
draft = TicketDraft(cashier_id=cashier, opened_at=counter.now()).choose_wash(wash)
complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
sold = counter.db.execute("SELECT count(*) FROM tickets").fetchone()[0]
print(json.dumps({"sold": sold, "psycopg": any(m.split(".")[0] == "psycopg" for m in sys.modules)}))
"""


def test_a_till_whose_hub_is_down_starts_and_sells_without_loading_psycopg(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(
        default_settings_path().read_text(encoding="utf-8")
        + '\n[hub]\nurl = "postgresql://north@127.0.0.1:9/hub"\nsite = "north"\n'
    )
    done = subprocess.run(
        [sys.executable, "-c", SELL, str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"sold": 1, "psycopg": False}
    # And the scheduled sync says so in one sentence, exit 2, the sale untouched.
    sync = subprocess.run(
        [sys.executable, "-m", "posapp", "sync", "--db", str(tmp_path / "counter.db")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert sync.returncode == 2
    assert sync.stderr.startswith("posapp: The hub at postgresql://north@127.0.0.1:9/hub cannot be reached")
    assert len(sync.stderr.strip().splitlines()) == 1
