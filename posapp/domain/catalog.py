"""The menu at the counter: washes, add-ons and memberships, and how they relate.

Relevance for offers comes from here, not from code: a service lists what it already
includes, which add-ons complement it, and the next step up its upgrade path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from posapp.domain.errors import UserError


class ServiceKind(StrEnum):
    WASH = "wash"
    ADDON = "addon"
    MEMBERSHIP = "membership"


@dataclass(frozen=True)
class Service:
    """One thing the car wash sells, at today's price."""

    code: str
    name: str
    kind: ServiceKind
    price_cents: int
    tier: int = 0
    includes: frozenset[str] = field(default_factory=frozenset)
    complements: tuple[str, ...] = ()
    upgrade_to: str | None = None
    description: str = ""
    active: bool = True

    def __post_init__(self) -> None:
        if self.price_cents < 0:
            raise UserError(f"The price of {self.name} cannot be negative.")


@dataclass(frozen=True)
class Catalog:
    """Every service on sale, looked up by its code."""

    services: tuple[Service, ...]

    def __post_init__(self) -> None:
        codes = [service.code for service in self.services]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise UserError(f"The catalog lists {', '.join(duplicates)} more than once.")
        known = set(codes)
        for service in self.services:
            related = set(service.includes) | set(service.complements)
            if service.upgrade_to:
                related.add(service.upgrade_to)
            unknown = sorted(related - known)
            if unknown:
                raise UserError(
                    f"The catalog entry {service.code} refers to unknown codes: {', '.join(unknown)}."
                )

    def get(self, code: str) -> Service:
        for service in self.services:
            if service.code == code:
                return service
        raise UserError(f"There is no service with the code {code!r} in the catalog.")

    def __contains__(self, code: object) -> bool:
        return any(service.code == code for service in self.services)

    def of_kind(self, kind: ServiceKind) -> tuple[Service, ...]:
        """Active services of one kind, in menu order (tier, then name)."""
        chosen = [s for s in self.services if s.kind is kind and s.active]
        return tuple(sorted(chosen, key=lambda s: (s.tier, s.name)))

    def washes(self) -> tuple[Service, ...]:
        return self.of_kind(ServiceKind.WASH)

    def addons(self) -> tuple[Service, ...]:
        return self.of_kind(ServiceKind.ADDON)

    def memberships(self) -> tuple[Service, ...]:
        return self.of_kind(ServiceKind.MEMBERSHIP)

    def includes(self, code: str, service_code: str) -> bool:
        """Whether buying `code` already gives the customer `service_code`."""
        return service_code in self.get(code).includes
