"""The canonical questions on Spark SQL: the same answers as the query API.

Not part of the default test run: pyspark needs a Java runtime (17 or newer)
and starts a JVM. ``nox -s spark`` runs this file by name, with pyspark and
the ``arrow`` extra installed. The property is that of the DuckDB tests
(tests/parity.py); here each question is the text ``secdialogue.arrow.sql``
gives, run by ``spark.sql`` over views of the Parquet files that
``secdialogue.arrow.write_parquet`` wrote, read with ``spark.read.parquet``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from parity import check_questions
from secdialogue import arrow
from secdialogue.examples import january_2022
from strategies import WHOLE_DOSSIERS, dossiers, membership_dossiers

if TYPE_CHECKING:
    from collections.abc import Iterator

SPARK = settings(WHOLE_DOSSIERS, max_examples=25)
"""Each example writes Parquet and runs four Spark jobs (about a second each): a few."""


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark session, in UTC, for the whole module."""
    session = (
        SparkSession.builder.master("local[1]")
        .appName("secdialogue-parity")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _asker(spark: Any) -> Any:
    def ask(directory: str, question: Any, /, **arguments: Any) -> list[tuple[Any, ...]]:
        for name in arrow.TABLES:
            spark.read.parquet(str(Path(directory) / f"{name}.parquet")).createOrReplaceTempView(
                name
            )
        return [tuple(row) for row in spark.sql(arrow.sql(question, **arguments)).collect()]

    return ask


def test_builtin(spark: Any, tmp_path: Path) -> None:
    """Russia's statements of January 2022, on Spark, are the query API's."""
    dossier = january_2022()
    arrow.write_parquet(dossier, tmp_path)
    found = _asker(spark)(
        str(tmp_path), "statements_by", actor="russia", start="2022-01-01", stop="2022-02-01"
    )
    expected = (
        dossier.statements.by("russia", include_affiliated=True)
        .between("2022-01-01", "2022-02-01")
        .by_time()
        .ids()
    )
    assert len(expected) > 1
    assert expected == tuple(row[0] for row in found)


@SPARK
@given(st.one_of(dossiers(), membership_dossiers()), st.data())
def test_parity(spark: Any, dossier: Any, data: st.DataObject) -> None:
    """Each question asked of Parquet on Spark answers as the query API does."""
    check_questions(dossier, data, _asker(spark))
