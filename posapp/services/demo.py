"""A realistic demo site: cashiers, customers and months of sales, seeded so every run is the same.

Built for a newcomer to see something real at once, and for reports and benchmarks to have
a believable day to chew on: ~150 cars a day, busier weekends, a tier mix, cashiers who
convert differently, members, and a few complaints. Each car's visit is drawn at random (a
fixed seed gives the same site) and then rung up through the real offer session and
`complete_sale`: the engine decides every offer and every reason held back, pauses included.
Its members renew, lapse, buy, try and keep plans through the badge's lines (`demo_members`).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferKind, Outcome
from posapp.domain.ticket import Flag, Payment, TicketDraft
from posapp.offers.scripts import money_formatter
from posapp.services import demo_members
from posapp.services.checkout import complete_sale, record_interaction, redeem_membership
from posapp.services.customers import CONSENT_WORDING, log_complaint, resolve_complaints
from posapp.services.offer_session import OfferSession, OfferView
from posapp.settings import Settings
from posapp.storage.cashiers import Role
from posapp.storage.clock import to_db
from posapp.storage.db import Database, write_transaction
from posapp.storage.offer_scripts import load_scripts
from posapp.storage.outbox import insert_consent

#: The demo's people and PINs (also in the README). They exist only in a demo database.
DEMO_STAFF = (
    ("Morgan", Role.MANAGER, "9999", 0.22),
    ("Sam", Role.CASHIER, "1111", 0.30),
    ("Alex", Role.CASHIER, "2222", 0.14),
)

_FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emma",
    "Fatima",
    "George",
    "Hana",
    "Ivan",
    "Jamal",
    "Kai",
    "Lena",
    "Łukasz",
    "Maria",
    "Nguyễn Văn An",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Victor",
    "Wei",
    "Yusuf",
    "Zoë",
    "Priya",
    "Tomás",
    "Ingrid",
    "Kofi",
)
_LAST = (
    "Smith",
    "García",
    "Kowalski",
    "Okafor",
    "Nakamura",
    "Müller",
    "Haddad",
    "O'Brien",
    "Rossi",
    "Johansson",
    "Patel",
    "Dubois",
    "Novak",
    "Silva",
    "Chen",
    "Brown",
)


@dataclass(frozen=True)
class DemoCustomer:
    id: int
    member_plan: str | None


def ensure_demo_site(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    *,
    now: Callable[[], datetime],
    days: int = 30,
) -> bool:
    """Fill an empty demo database once; returns False when it already holds staff."""
    if db.execute("SELECT 1 FROM cashiers LIMIT 1").fetchone():
        return False
    build_demo_site(db, catalog, settings, now=now, days=days, seed=7)
    return True


def refuse_unless_empty(db: Database, where: str) -> None:
    """Raise a UserError naming `where` if it holds any staff, customer or sale (a demo one or a shop's)."""
    from posapp.domain.errors import UserError

    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cashiers'").fetchone() is None:
        return  # a new file: nothing of anybody's yet
    staff = {str(row[0]) for row in db.execute("SELECT name FROM cashiers").fetchall()}
    customers = int(db.execute("SELECT count(*) FROM customers").fetchone()[0])
    sales = db.execute("SELECT 1 FROM tickets LIMIT 1").fetchone() is not None
    if staff and staff <= {name for name, *_ in DEMO_STAFF}:
        raise UserError(f"{where} already holds demo data; demo data goes into a new file.")
    if staff or customers or sales:
        raise UserError(
            f"{where} is in use ({len(staff)} staff, {customers} customers"
            f"{', and sales' if sales else ''}); demo data goes only into a new file."
        )


def build_demo_site(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    *,
    now: Callable[[], datetime],
    days: int,
    seed: int,
    cars_per_day: int = 150,
    where: str = "This database",
) -> int:
    """Staff, customers and `days` of history up to yesterday; returns the number of tickets written.

    Only into an empty database: `where` names it in the refusal (the demo's manager PIN is 9999).
    Every offer is decided by the real engine and every sale stored by `complete_sale`, so the
    history holds exactly what the counter would have written.
    """
    from posapp.services.auth import add_cashier

    refuse_unless_empty(db, where)
    rng = random.Random(seed)
    at = now()
    staff = [
        (add_cashier(db, name=name, role=role, pin=pin, now=at), rate) for name, role, pin, rate in DEMO_STAFF
    ]
    today = at.astimezone(settings.time_zone).date()
    first_day = today - timedelta(days=days)
    customers = _add_customers(db, rng, first_day, count=max(60, cars_per_day * 3), at=at)
    members = [person.id for person in customers if person.member_plan]
    demo_members.trials_under_way(db, rng, members, catalog, settings, first_day)
    _start_demo_script_test(db, catalog, settings, staff[0][0], first_day, days)
    counter = _DemoCounter(db, catalog, settings, rng, staff, customers)
    # The demo is written from nothing and thrown away whole if anything fails: waiting for the
    # disk after each of its thousands of sales (as the counter rightly does) would only make it slow.
    durable = int(db.execute("PRAGMA synchronous").fetchone()[0])
    db.execute("PRAGMA synchronous = OFF")
    try:
        for offset in range(days, 0, -1):
            counter.run_day(today - timedelta(days=offset), cars_per_day)
        counter.members.open_the_counter(today, lambda: at)  # and today's opening
    finally:
        db.execute(f"PRAGMA synchronous = {durable}")
    _open_some_complaints(db, rng, customers, staff[0][0], at)
    return counter.tickets


def _add_customers(
    db: Database, rng: random.Random, first_day: date, count: int, at: datetime
) -> list[DemoCustomer]:
    """The site's customers; a quarter are members whose plans began up to two years before `first_day`.

    Their tenures so spread, the renewal's trial is held back for the newer ones (`tenure`) and
    offered to the others; their renewal days fall through the history's first month.
    """
    people: list[DemoCustomer] = []
    with write_transaction(db):
        for n in range(count):
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            plate = (
                f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{n:04d}"
            )
            cursor = db.execute(
                "INSERT INTO customers (name, phone, plate, email, marketing_consent, budget_sensitive,"
                " created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    f"+1555{rng.randrange(1000000, 9999999)}",
                    plate,
                    f"customer{n}@example.com",
                    int(consent := rng.random() < 0.6),
                    int(rng.random() < 0.05),
                    to_db(at),
                ),
            )
            customer_id = int(cursor.lastrowid or 0)
            if consent:
                # Consent with its proof, as the counter records it when the customer says yes.
                insert_consent(
                    db,
                    customer_id,
                    given=True,
                    at=at,
                    cashier_id=None,
                    channel="counter",
                    wording=CONSENT_WORDING,
                )
            plan = None
            if rng.random() < 0.25:
                plan = "premium_club" if rng.random() < 0.3 else "standard_club"
                started = first_day - timedelta(days=rng.randrange(1, 730))
                renews = date(first_day.year, first_day.month, min(started.day, 28))
                if renews < first_day:
                    renews = (renews.replace(day=1) + timedelta(days=32)).replace(day=renews.day)
                db.execute(
                    "INSERT INTO memberships (customer_id, plan, started_on, renews_on) VALUES (?, ?, ?, ?)",
                    (customer_id, plan, started.isoformat(), renews.isoformat()),
                )
            people.append(DemoCustomer(customer_id, plan))
    return people


#: The demo's finished script test: variant B's wording, which the demo's customers take to more
#: readily than A's (a made-up effect, so the report has something to find), and a 10% hold-out.
DEMO_TEST_NAME = "Car Waxing: shine-for-weeks wording"
DEMO_TEST_SCRIPT = (
    "{first_name}, a hand wax keeps that shine for weeks. Shall I add {addon} to your {wash}"
    " for just {price}?"
)
DEMO_TEST_MIN_CUSTOMERS = 200
#: How much more often a demo customer takes the offer read in variant B's words.
DEMO_VARIANT_B_LIFT = 1.35


def _start_demo_script_test(
    db: Database, catalog: Catalog, settings: Settings, manager_id: int, first_day: date, days: int
) -> None:
    """Started by the demo's manager on the first day through the real, audited path.

    It ends 2 days before the history does, or after a script test's longest run (a year) on a
    longer history: a 3-year demo asked for a 1,093-day test, which the manager could not start.
    """
    from posapp.services.experiments import MAX_DAYS, ScriptTestPlan, start_experiment

    opening = datetime.combine(first_day, time(7, 30), tzinfo=settings.time_zone)
    plan = ScriptTestPlan(
        name=DEMO_TEST_NAME,
        moment=Moment.CHECKOUT,
        kind=OfferKind.CROSS_SELL,
        service="car_waxing",
        variant_scripts=(DEMO_TEST_SCRIPT,),
        holdout_percent=10,
        min_customers=DEMO_TEST_MIN_CUSTOMERS,
        days=min(MAX_DAYS, max(1, days - 2)),
    )
    start_experiment(
        db,
        plan,
        catalog=catalog,
        manager_id=manager_id,
        manager_pin=DEMO_STAFF[0][2],
        now=lambda: opening,
        time_zone=settings.time_zone,
    )


class _Clock:
    """The demo's own time, moved from one sale to the next."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current


#: How often a car's visit brings each situation the rules know (percent of visits).
_COMPLAINT, _BUDGET, _UNDECIDED, _WAVERING, _QUESTION, _ASKS_FOR_ADDON = 1.5, 5.0, 2.0, 3.0, 3.0, 6.0
#: A customer pitched within the last week is less willing: each such pitch halves the chance.
FATIGUE_DAYS = 7


class _DemoCounter:
    """Rings up the demo's cars one by one through the offer session and `complete_sale`."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        settings: Settings,
        rng: random.Random,
        staff: list[tuple[int, float]],
        customers: list[DemoCustomer],
    ) -> None:
        self.db, self.catalog, self.settings, self.rng = db, catalog, settings, rng
        #: The customers' answers draw from a stream of their own, so that the same seed brings the
        #: same cars, customers and washes whatever the rules let the cashier offer them.
        self.answers = random.Random(rng.getrandbits(64))
        self.staff, self.customers = staff, customers
        #: Members come more often than others: each known customer's chance to be the next car.
        self.visits = list(
            accumulate(demo_members.MEMBER_VISITS if person.member_plan else 1.0 for person in customers)
        )
        self.members = demo_members.DemoMembers(db, catalog, settings, random.Random(rng.getrandbits(64)))
        self.members.ids = {person.id for person in customers if person.member_plan}
        self.clock = _Clock(datetime.now(settings.time_zone))
        self.session = OfferSession(
            catalog,
            settings.offer_rules,
            scripts=load_scripts(db),
            format_price=money_formatter(settings.currency, settings.locale),
            now=self.clock,
            time_zone=settings.time_zone,
        )
        self.tickets = 0
        #: When each customer last heard a pitch: the demo's customers tire of offers as people do.
        self.pitched: dict[int, list[datetime]] = {}
        #: Complaints logged at the counter and not yet put right, by customer.
        self.complaining: list[int] = []

    def run_day(self, day: date, cars_per_day: int) -> None:
        rng = self.rng
        opening = datetime.combine(day, time(8), tzinfo=self.settings.time_zone)
        self.clock.current = opening - timedelta(minutes=5)
        self.members.open_the_counter(day, self.clock)
        busy = 1.3 if day.weekday() >= 5 else 1.0
        cars = max(1, int(rng.gauss(cars_per_day * busy, cars_per_day * 0.1)))
        times = sorted(opening + timedelta(seconds=rng.randrange(11 * 3600)) for _ in range(cars))
        renewing = self.members.coming_to_renew(day, len(times))
        for index, at in enumerate(times):
            if index == len(times) // 2:
                self._resolve_complaints(at)
            self._one_car(at, renewing.get(index))

    def _one_car(self, at: datetime, visitor: int | None = None) -> None:
        """One car rung up; `visitor` is a member who came in on purpose to renew their plan."""
        rng, catalog = self.rng, self.catalog
        self.clock.current = at - timedelta(minutes=3)
        cashier_id, persuasion = rng.choice(self.staff)
        known = rng.choices(self.customers, cum_weights=self.visits)[0] if rng.random() < 0.45 else None
        customer_id = visitor if visitor is not None else known.id if known else None
        customer = self.members.at_the_counter(customer_id, at.date(), self.clock)
        self.session.use_customer(self.db, customer)
        draft = TicketDraft(
            cashier_id=cashier_id,
            opened_at=self.clock(),
            customer=customer,
            draft_id=uuid.UUID(int=rng.getrandbits(128)).hex,
        )
        washes = {w.code: w for w in catalog.washes()}
        if _chance(rng, _WAVERING):  # the customer keeps changing their mind
            for code in ("express_wash", "standard_wash", "express_wash"):
                draft = draft.choose_wash(washes[code])
        code = rng.choices(("express_wash", "standard_wash", "premium_package"), (35, 45, 20))[0]
        draft = draft.choose_wash(washes[code])
        if _chance(rng, _BUDGET):
            draft = draft.with_flag(Flag.BUDGET, True)
        if _chance(rng, _UNDECIDED):
            draft = draft.with_flag(Flag.UNDECIDED, True)
        if _chance(rng, _COMPLAINT):
            draft = self._complaint(draft)
        if _chance(rng, _ASKS_FOR_ADDON):
            # An add-on the customer asks for themselves: on the ticket without any offer.
            asked = catalog.get(rng.choice(("tire_shine", "underbody_rinse")))
            wash = catalog.get(draft.wash.code) if draft.wash else None
            if asked.code not in draft.codes and (wash is None or asked.code not in wash.includes):
                draft = draft.add_addon(asked)
        draft, view = self.session.refresh(draft)
        if customer is not None and _chance(rng, _QUESTION):
            draft = self._question(draft, persuasion)
            draft, view = self.session.refresh(draft)
        draft, view = self._answer(draft, view, persuasion)
        draft, renewal_apart = self.members.errand(draft, at.date())
        payment = Payment.CARD if rng.random() < 0.7 else Payment.CASH
        if customer is not None and customer.membership is not None and rng.random() < 0.6:
            try:
                draft = redeem_membership(draft, catalog, at.date())
                if draft.totals(self.settings.tax).total_cents == 0:
                    payment = Payment.MEMBERSHIP
            except UserError:
                pass  # a plan that does not cover this wash: the member pays for it
        self.clock.current = at
        draft = self.session.close(draft, view)
        complete_sale(self.db, draft, payment=payment, settings=self.settings, now=self.clock)
        self.tickets += 1
        if renewal_apart and customer is not None and customer.id is not None:
            self._renewal_on_its_own(customer.id, cashier_id, payment)

    def _renewal_on_its_own(self, customer_id: int, cashier_id: int, payment: Payment) -> None:
        """The renewal that did not fit on the customer's ticket, on one of its own, paid like any sale."""
        self.clock.current += timedelta(minutes=1)
        customer = self.members.at_the_counter(customer_id, self.clock().date(), self.clock)
        assert customer is not None  # just served
        self.session.use_customer(self.db, customer)  # the sale just stored counts for this ticket
        draft, view = self.session.refresh(self.members.renewal_alone(customer, cashier_id, self.clock()))
        draft = self.session.close(draft, view)
        # The wash may have been the club's: the renewal is paid with the card or cash at hand.
        paid = Payment.CARD if payment is Payment.MEMBERSHIP else payment
        complete_sale(self.db, draft, payment=paid, settings=self.settings, now=self.clock)
        self.tickets += 1

    def _answer(
        self, draft: TicketDraft, view: OfferView, persuasion: float
    ) -> tuple[TicketDraft, OfferView]:
        """The customer answers the offer on the panel (or the cashier never gets to it)."""
        if view.offer is None or self.answers.random() < 0.05:
            return draft, view
        self.clock.current += timedelta(seconds=40)
        lift = DEMO_VARIANT_B_LIFT if view.offer.arm == "B" else 1.0
        taken = self.answers.random() < self._willingness(draft, persuasion, view.offer.kind) * lift
        answered = self.session.accept(draft, view) if taken else self.session.decline(draft, view)
        self._remember_pitch(draft)
        return self.session.refresh(answered)

    def _question(self, draft: TicketDraft, persuasion: float) -> TicketDraft:
        """A customer question at the counter, answered as the GUI does.

        Accepted, the upgrade (a plan upgrade, or the wash a step up) goes on this ticket and is
        sold with it; otherwise the question is recorded on its own at once.
        """
        view, held_back = self.session.question(draft)
        if view.offer is not None:
            self._remember_pitch(draft)
            if self.answers.random() < self._willingness(draft, persuasion, view.offer.kind) / 2:
                try:
                    accepted = self.session.accept(draft, view)
                    return replace(accepted, offer_events=(*accepted.offer_events, *held_back))
                except UserError:
                    pass  # the line cannot go on (a lapsed plan is renewed first): no sale after all
            held_back = [self.session.answer_event(view, Outcome.DECLINED), *held_back]
        customer = draft.customer
        record_interaction(
            self.db,
            tuple(held_back),
            customer_id=customer.id if customer else None,
            cashier_id=draft.cashier_id,
            zone=self.settings.time_zone,
        )
        self.session.use_customer(self.db, customer)  # the answer counts at once, as at the counter
        return draft

    def _willingness(self, draft: TicketDraft, persuasion: float, kind: OfferKind) -> float:
        base = persuasion * (1.4 if kind is OfferKind.TRIAL_UPGRADE else 1.0)
        customer = draft.customer
        if customer is None or customer.id is None:
            return base
        since = self.clock() - timedelta(days=FATIGUE_DAYS)
        recent = sum(1 for at in self.pitched.get(customer.id, ()) if at >= since)
        return base * 0.5**recent

    def _remember_pitch(self, draft: TicketDraft) -> None:
        if draft.customer is not None and draft.customer.id is not None:
            self.pitched.setdefault(draft.customer.id, []).append(self.clock())

    def _complaint(self, draft: TicketDraft) -> TicketDraft:
        customer = draft.customer
        log_complaint(
            self.db,
            customer_id=customer.id if customer else None,
            cashier_id=draft.cashier_id,
            note=self.rng.choice(("Streaks left on the rear window.", "Mirror scratched.", "Wait too long.")),
            now=self.clock,
            draft_id=draft.draft_id,
        )
        if customer is not None and customer.id is not None:
            self.complaining.append(customer.id)
            self.session.use_customer(self.db, customer)
        elif self.rng.random() < 0.9:
            # A walk-in's complaint is put right there and then, or not at all.
            resolve_complaints(
                self.db,
                customer_id=None,
                manager_id=self.staff[0][0],
                now=self.clock,
                draft_id=draft.draft_id,
            )
        return draft.with_flag(Flag.COMPLAINT, True)

    def _resolve_complaints(self, at: datetime) -> None:
        """At midday the manager puts right most complaints still open."""
        manager_id = self.staff[0][0]
        self.clock.current = at - timedelta(minutes=5)
        waiting, self.complaining = self.complaining, []
        for customer_id in waiting:
            if self.rng.random() < 0.8:
                resolve_complaints(self.db, customer_id=customer_id, manager_id=manager_id, now=self.clock)
            else:
                self.complaining.append(customer_id)


def _chance(rng: random.Random, percent: float) -> bool:
    return rng.random() * 100 < percent


def _open_some_complaints(
    db: Database, rng: random.Random, customers: list[DemoCustomer], cashier_id: int, at: datetime
) -> None:
    with write_transaction(db):
        for customer in rng.sample(customers, k=min(3, len(customers))):
            db.execute(
                "INSERT INTO complaints (customer_id, cashier_id, opened_at, note) VALUES (?, ?, ?, ?)",
                (
                    customer.id,
                    cashier_id,
                    to_db(at - timedelta(days=1)),
                    "Streaks left on the rear window.",
                ),
            )


def sample_plates(db: Database) -> tuple[str, ...]:
    """Two plates a newcomer can type on the demo site: a club member's and a regular's without a plan."""
    plates = []
    for member in (True, False):
        row = db.execute(
            "SELECT c.plate FROM customers c LEFT JOIN memberships m ON m.customer_id = c.id"
            " AND m.ended_on IS NULL WHERE c.plate != '' AND c.erased_at IS NULL"
            f" AND m.id IS {'NOT ' if member else ''}NULL ORDER BY c.id LIMIT 1"
        ).fetchone()
        if row is not None:
            plates.append(str(row[0]))
    return tuple(plates)
