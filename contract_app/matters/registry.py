"""Which matters exist and which contracts each holds: one row per matter and one per (matter, contract).

Membership is a row per contract rather than a list per matter, so two users adding contracts to one matter at the
same time never overwrite each other's additions (``shelf``). A contract is a document of the index (its content
hash); the index keeps its chunks, the matter only says that it belongs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

from contract_app.errors import InputError, StoreError
from contract_app.matters.records import GridColumn, Matter, MatterContract, matter_name
from contract_app.matters.shelf import Row, Shelf
from contract_app.settings import Settings

COLLECTION = "matters"
MATTER_SCHEMA = 1  # of these rows; a row of a newer version is refused rather than misread
CONTRACT_FIELDS = tuple(field.name for field in fields(MatterContract))


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _name_key(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]


def _matter_row(name: str, created_at: str = "", columns: tuple[GridColumn, ...] = ()) -> Row:
    return f"matter:{_name_key(name)}", {
        "kind": "matter",
        "matter": name,
        "created_at": created_at or now_iso(),
        "columns": json.dumps([column.key for column in columns], ensure_ascii=False),
        **_schema(),
    }


def _contract_row(name: str, contract: MatterContract) -> Row:
    return f"contract:{_name_key(name)}:{contract.doc_id}", {
        "kind": "contract",
        "matter": name,
        **asdict(contract),
        **_schema(),
    }


def _schema() -> dict[str, int]:
    return {"schema": MATTER_SCHEMA}


def _checked(metadata: dict[str, Any]) -> dict[str, Any]:
    if int(metadata.get("schema", 0)) > MATTER_SCHEMA:
        raise StoreError(
            "The matters in this index were written by a newer version of contract-app: update contract-app to use "
            "them."
        )
    return metadata


def _matter_of(name: str, rows: Sequence[Row]) -> Matter:
    head = next((meta for _, meta in rows if meta["kind"] == "matter"), {})
    columns = tuple(GridColumn.from_key(key) for key in json.loads(str(head.get("columns") or "[]")))
    contracts = (
        MatterContract(**{key: meta[key] for key in CONTRACT_FIELDS}) for _, meta in rows if meta["kind"] == "contract"
    )
    ordered = tuple(sorted(contracts, key=lambda c: (c.file_name.casefold(), c.path)))
    return Matter(name, str(head.get("created_at", "")), ordered, columns)


class MatterRegistry:
    def __init__(self, settings: Settings) -> None:
        self._shelf = Shelf(settings, COLLECTION)

    def matters(self) -> tuple[Matter, ...]:
        """Every matter, by name."""
        by_name: dict[str, list[Row]] = {}
        for row_id, metadata in self._shelf.find():
            by_name.setdefault(_checked(metadata)["matter"], []).append((row_id, metadata))
        return tuple(_matter_of(name, rows) for name, rows in sorted(by_name.items(), key=lambda i: i[0].casefold()))

    def find(self, name: str) -> Matter | None:
        name = matter_name(name)
        rows = [(row_id, _checked(meta)) for row_id, meta in self._shelf.find({"matter": name})]
        return _matter_of(name, rows) if rows else None

    def matter(self, name: str) -> Matter:
        found = self.find(name)
        if found is None:
            raise InputError(f"There is no matter named {matter_name(name)}: create it first.")
        return found

    def create(self, name: str) -> Matter:
        """The matter, created if it does not exist yet (creating it again changes nothing)."""
        name = matter_name(name)
        found = self.find(name)
        if found is not None:
            return found
        self._shelf.put([_matter_row(name)])
        return self.matter(name)

    def set_columns(self, name: str, columns: Sequence[GridColumn]) -> Matter:
        """Keep the grid's columns with the matter, so it reopens as it was left (a user's questions too)."""
        matter = self.matter(name)
        self._shelf.put([_matter_row(matter.name, matter.created_at, tuple(columns))])
        return self.matter(matter.name)

    def add(self, name: str, contracts: Sequence[MatterContract]) -> None:
        """Record contracts as the matter's (each once, however often it is added)."""
        name = matter_name(name)
        self._shelf.put([_contract_row(name, contract) for contract in contracts])

    def remove(self, name: str, doc_ids: Sequence[str]) -> None:
        """Take contracts out of the matter (their index is the caller's business)."""
        if doc_ids:
            self._shelf.remove({"$and": [{"matter": matter_name(name)}, {"doc_id": {"$in": list(doc_ids)}}]})

    def delete(self, name: str) -> None:
        self._shelf.remove({"matter": matter_name(name)})

    def holders(self, doc_id: str) -> tuple[str, ...]:
        """The names of the matters that hold this document."""
        return tuple(sorted({meta["matter"] for _, meta in self._shelf.find({"doc_id": doc_id})}))
