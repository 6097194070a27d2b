"""The demo's users: one per office role, the technicians, a driver per truck."""

import random
from dataclasses import dataclass

from .names import person_name

# Every demo user signs in with this password; it is printed by ``flask demo``.
DEMO_PASSWORD = "demo-pass-2026"
EMAIL_DOMAIN = "demo.example"
TECHNICIAN_COUNT = 3


@dataclass(frozen=True)
class Person:
    """A demo user; ``scoped`` is False only for the administrator."""

    email: str
    name: str
    role: str
    scoped: bool = True


def plan_people(rng: random.Random, driver_count: int) -> list[Person]:
    """The administrator, dispatcher, finance analyst, technicians and drivers."""
    people = [
        Person(f"admin@{EMAIL_DOMAIN}", person_name(rng, female=False), "admin", False),
        Person(
            f"dispatcher@{EMAIL_DOMAIN}", person_name(rng, female=True), "dispatcher"
        ),
        Person(f"finance@{EMAIL_DOMAIN}", person_name(rng, female=True), "finance"),
    ]
    for number in range(1, TECHNICIAN_COUNT + 1):
        name = person_name(rng, female=False)
        people.append(Person(technician_email(number), name, "technician"))
    for number in range(1, driver_count + 1):
        name = person_name(rng, female=False)
        people.append(Person(driver_email(number), name, "driver"))

    return people


def demo_emails(driver_count: int) -> list[str]:
    """The sign-ins of every demo user."""
    return [person.email for person in plan_people(random.Random(0), driver_count)]


def technician_email(number: int) -> str:
    """The sign-in of the demo's n-th technician, counting from 1."""
    return f"technician{number}@{EMAIL_DOMAIN}"


def driver_email(number: int) -> str:
    """The sign-in of the driver of the demo's n-th truck, counting from 1."""
    return f"driver{number:02d}@{EMAIL_DOMAIN}"
