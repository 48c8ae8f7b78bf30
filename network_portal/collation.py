"""Names in German order: "Akkumulatoren" before "AWEX", "Sächsisches" under S with ä as a
(DIN 5007-1, as a dictionary sorts). A column declared with `db_collation=GERMAN` sorts so in
the database itself, so ORDER BY and its index agree: on PostgreSQL a collation `german` made
from ICU's German (`CREATE_ON_POSTGRESQL`, run by the migration that first uses it), on SQLite
(make run) a collation of the same name that this module registers on every connection.
"""

import unicodedata

GERMAN = "german"
CREATE_ON_POSTGRESQL = "CREATE COLLATION IF NOT EXISTS german (provider = icu, locale = 'de')"


def german_key(value: str) -> tuple:
    """Letters without their accents and case first, then the accents, then the case."""
    folded = value.casefold().replace("ß", "ss")
    bare = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return bare, folded, value


def compare(first: str, second: str) -> int:
    a, b = german_key(first), german_key(second)
    return (a > b) - (a < b)


def register(sender, connection, **kwargs) -> None:
    """connection_created: give SQLite the collation PostgreSQL has built in."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(GERMAN, compare)
