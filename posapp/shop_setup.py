"""The shop's live setup: settings, prices and scripts, held once and changed in one place.

Everything a manager may change while the counter runs lives here, and every part of the
counter reads it when it needs it. A trial length saved a moment ago is therefore the one the
script promises, the sale stores and the receipt prints: there is no second copy to forget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from posapp.domain.catalog import Catalog
from posapp.offers.scripts import Scripts
from posapp.settings import Settings


@dataclass(frozen=True)
class SetupChange:
    """Which parts a change replaced, so a listener redraws only what moved."""

    settings: bool = False
    catalog: bool = False
    scripts: bool = False

    def __bool__(self) -> bool:
        return self.settings or self.catalog or self.scripts


#: Told of every change after it is in force; reads the new values from the ShopSetup itself.
SetupListener = Callable[[SetupChange], None]


class ShopSetup:
    """The settings, catalog and scripts in force, with a change notification.

    Passed in through constructors (never a global). Manager dialogs save through their
    service first, then call `change`; readers ask for `settings`, `catalog` or `scripts`
    when they need them rather than keeping their own copy.
    """

    def __init__(self, settings: Settings, catalog: Catalog, scripts: Scripts) -> None:
        self._settings, self._catalog, self._scripts = settings, catalog, scripts
        self._listeners: list[SetupListener] = []

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @property
    def scripts(self) -> Scripts:
        return self._scripts

    def change(
        self,
        *,
        settings: Settings | None = None,
        catalog: Catalog | None = None,
        scripts: Scripts | None = None,
    ) -> SetupChange:
        """Put the given parts in force, then tell every listener; parts left out stay as they are."""
        changed = SetupChange(
            settings=settings is not None and settings != self._settings,
            catalog=catalog is not None and catalog != self._catalog,
            scripts=scripts is not None and scripts != self._scripts,
        )
        if settings is not None:
            self._settings = settings
        if catalog is not None:
            self._catalog = catalog
        if scripts is not None:
            self._scripts = scripts
        if changed:
            # A copy: a listener may subscribe or leave while being told.
            for listener in list(self._listeners):
                listener(changed)
        return changed

    def subscribe(self, listener: SetupListener) -> Callable[[], None]:
        """Call `listener` after each change; returns the function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    @property
    def listener_count(self) -> int:
        return len(self._listeners)
