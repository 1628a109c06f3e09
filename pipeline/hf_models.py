"""Load a causal LM for training/evaluation: a packaged GGUF (the one model module the app also uses), a local
folder, a hub id, or `random:<arch>` (the real architecture with random weights, for GPU speed/memory runs).

transformers dequantizes a GGUF to float weights on load (slow: 14-144 s here), and a GGUF-loaded model refuses
`save_pretrained`; so the first load converts the GGUF once into a bf16 safetensors folder under the model cache
and every later load reads that folder in seconds.
"""

from __future__ import annotations

import logging
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

from backend.config import load_settings
from backend.models import PACKAGED_MODELS, resolve_model
from core.io import atomic_dir

log = logging.getLogger(__name__)

# Real architectures for `random:` specs (config.json values of the published checkpoints).
RANDOM_ARCHITECTURES: dict[str, dict] = {
    "qwen2-7b": {  # deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
        "model_type": "qwen2",
        "hidden_size": 3584,
        "intermediate_size": 18944,
        "num_hidden_layers": 28,
        "num_attention_heads": 28,
        "num_key_value_heads": 4,
        "vocab_size": 152064,
        "max_position_embeddings": 131072,
        "rope_theta": 10000.0,
        "rms_norm_eps": 1e-6,
        "tie_word_embeddings": False,
    },
    "qwen2-tiny": {  # the same code path in seconds, for tests
        "model_type": "qwen2",
        "hidden_size": 128,  # GPTQ's group of 128 needs in_features >= 128
        "intermediate_size": 256,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "vocab_size": 151936,
        "tie_word_embeddings": True,
    },
}
# Tokenizer for random architectures: the packaged student's (the Qwen2 tokenizer, shared by the 7B student).
RANDOM_TOKENIZER_FROM = "qwen2.5-0.5b-instruct"

RANDOM_SEED = 1234
DTYPES = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}


def model_cache_dir() -> Path:
    return load_settings().model_cache_dir / "hf"


def _converted_folder(packaged: str) -> Path:
    """A bf16 safetensors folder converted once from the packaged GGUF (idempotent, atomic)."""
    folder = model_cache_dir() / packaged
    if (folder / "config.json").is_file():
        return folder
    gguf = resolve_model(packaged, load_settings().model_cache_dir).path
    log.info("converting %s to a safetensors folder (once; transformers dequantizes the GGUF)", gguf.name)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.bfloat16)
    # A GGUF-loaded model refuses to serialise; dropping the GGUF quantizer metadata gives identical logits.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    with atomic_dir(folder) as scratch:
        model.save_pretrained(scratch, safe_serialization=True)
        tokenizer.save_pretrained(scratch)
    return folder


def resolve_folder(spec: str) -> str:
    """A path or hub id that `from_pretrained` understands."""
    if spec.startswith("packaged:"):
        name = spec.removeprefix("packaged:")
        if name not in PACKAGED_MODELS:
            raise ValueError(f"unknown packaged model {name!r}; known: {', '.join(PACKAGED_MODELS)}")
        return str(_converted_folder(name))
    return spec


def load_tokenizer(spec: str) -> PreTrainedTokenizerBase:
    if spec.startswith("random:"):
        spec = f"packaged:{RANDOM_TOKENIZER_FROM}"
    tokenizer = AutoTokenizer.from_pretrained(resolve_folder(spec))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(spec: str, dtype: str = "bfloat16", device: str | None = None) -> PreTrainedModel:
    torch_dtype = DTYPES[dtype]
    if spec.startswith("random:"):
        arch = spec.removeprefix("random:")
        if arch not in RANDOM_ARCHITECTURES:
            raise ValueError(f"unknown random architecture {arch!r}; known: {', '.join(RANDOM_ARCHITECTURES)}")
        values = dict(RANDOM_ARCHITECTURES[arch])
        config = AutoConfig.for_model(values.pop("model_type"), **values)
        # Seeded and built on the device that will run it (a 7B random init takes minutes on the CPU): distill and
        # merge get the very same base weights as long as they use the same kind of device.
        torch.manual_seed(RANDOM_SEED)
        with torch.device(device or "cpu"):
            return AutoModelForCausalLM.from_config(config, dtype=torch_dtype)
    model = AutoModelForCausalLM.from_pretrained(resolve_folder(spec), dtype=torch_dtype)
    return model.to(device) if device else model
