"""Benchmarks read only what is in the repository."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_name_no_file_outside_the_repository():
    for script in (ROOT / "bench").glob("*.py"):
        for node in ast.walk(ast.parse(script.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in ("shared", "..", "seed"), (
                    f"{script.name} reads outside the repository"
                )


def test_the_segmentation_benchmark_reads_the_repository_copy_of_the_policy():
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import segmentation
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert segmentation.POLICY.is_file()
    assert ROOT in segmentation.POLICY.resolve().parents
