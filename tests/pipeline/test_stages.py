"""Every pipeline stage for real on the packaged small models, a couple of steps each (the smoke profile runs them
end to end: test_smoke_profile.py, slow tier).

Student and teacher are both the packaged Qwen2.5-Coder-0.5B-Instruct here, to stay fast: the 1.5B teacher is the
smoke profile's. The chain shares one work folder; each test feeds the next stage real outputs of the previous one.
"""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")

from core.io import read_jsonl  # noqa: E402
from pipeline import data, distill, evaluate, gguf, merge, quantize, report, teacher  # noqa: E402
from pipeline.config import JudgeConfig, StudentConfig  # noqa: E402
from pipeline.kd import VocabularyMismatch  # noqa: E402

STUDENT = "packaged:qwen2.5-0.5b-instruct"
STUDENT_CFG = StudentConfig(model=STUDENT)


@pytest.fixture(scope="module")
def wd(tmp_path_factory):
    return tmp_path_factory.mktemp("pipeline")


@pytest.fixture(scope="module")
def data_out(wd, settings_data_dir):
    cfg = data.DataConfig(per_source={"pubmedqa": 2, "medquad": 2, "mts_dialog": 1}, val_fraction=0.2)
    data.run(cfg, settings_data_dir, wd / "data")
    return wd / "data"


def _teacher_cfg(**overrides):
    values = {"model": "qwen2.5-0.5b-instruct", "max_items": 3, "max_tokens": 64, "attempts": 2, "concurrency": 2}
    return teacher.TeacherConfig(**{"threads": 1, **values, **overrides})


def test_teacher_traces_are_cached_and_resumed(data_out, wd):
    out = wd / "teacher"
    manifest = teacher.run(_teacher_cfg(), data_out, out)
    traces = read_jsonl(out / "traces.jsonl")
    assert len(traces) == manifest["items"] == 3
    assert all(t["text"] and t["tries"] and t["tries"][-1]["finish"] in {"stop", "length"} for t in traces)
    # 64 tokens cannot hold a whole template answer: cut-off traces are rejected, and gold items were resampled.
    assert manifest["accepted"] == sum(t["accepted"] for t in traces)
    gold = [t for t in traces if "chosen" in t["tries"][0]]
    assert manifest["gold_items"] == len(gold) and all(len(t["tries"]) == 2 or t["accepted"] for t in gold)

    # A crash after the first item: only the missing items are generated again.
    (out / "traces.jsonl").write_text(json.dumps(traces[0]) + "\n" + '{"id": "torn', encoding="utf-8")
    again = teacher.run(_teacher_cfg(), data_out, out, force=True)
    assert again["items"] == 3 and read_jsonl(out / "traces.jsonl")[0] == traces[0]


@pytest.fixture(scope="module")
def traces_dir(data_out, wd):
    """Training pairs for the distill tests: the real data's prompts with the teacher's real (short) outputs."""
    out = wd / "teacher"
    if not (out / "traces.jsonl").is_file():
        teacher.run(_teacher_cfg(), data_out, out)
    items = {r["id"]: r for r in read_jsonl(data_out / "train.jsonl")}
    rows = [
        {
            "id": t["id"],
            "prompt": items[t["id"]]["messages"],
            "completion": [{"role": "assistant", "content": t["text"]}],
        }
        for t in read_jsonl(out / "traces.jsonl")
    ]
    folder = wd / "traces-for-training"
    folder.mkdir(exist_ok=True)
    (folder / "sft.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def _distill_cfg(**overrides):
    values = {
        "max_steps": 2,
        "max_length": 256,
        "save_steps": 1,
        "logging_steps": 1,
        "gradient_accumulation_steps": 1,
        "gradient_checkpointing": False,
    }
    return distill.DistillConfig(**{**values, **overrides})


def test_sft_distillation_trains_lora_on_attention_and_resumes(traces_dir, wd):
    out = wd / "distill"
    first = distill.run(_distill_cfg(), STUDENT_CFG, traces_dir, out)
    assert first["steps"] == 2 and first["trainable_parameters"] == 2_162_688  # r=16 on q, k, v, o of 24 layers
    assert (out / "adapter" / "adapter_model.safetensors").is_file()
    adapter_cfg = json.loads((out / "adapter" / "adapter_config.json").read_text())
    assert sorted(adapter_cfg["target_modules"]) == ["k_proj", "o_proj", "q_proj", "v_proj"]
    # One more step: picks up the last checkpoint instead of starting over.
    second = distill.run(_distill_cfg(max_steps=3), STUDENT_CFG, traces_dir, out)
    assert second["resumed_from"].endswith("checkpoint-2") and second["steps"] == 3


def test_resume_skips_a_checkpoint_cut_off_mid_save(tmp_path):
    for step, complete in ((9, True), (10, True), (11, False)):  # 11: the session ended while it was being written
        folder = tmp_path / f"checkpoint-{step}"
        folder.mkdir()
        (folder / "adapter_model.safetensors").write_bytes(b"")
        if complete:
            (folder / "trainer_state.json").write_text("{}")
    assert distill._last_checkpoint(tmp_path).endswith("checkpoint-10")  # numeric order: 10 after 9
    assert distill._last_checkpoint(tmp_path / "none") is None


def test_logit_kd_starts_at_zero_when_teacher_equals_student(traces_dir, wd):
    cfg = _distill_cfg(objective="kd", teacher=STUDENT, save_steps=100)
    manifest = distill.run(cfg, STUDENT_CFG, traces_dir, wd / "kd")
    logged = [row for row in manifest["log_history"] if "kd_loss" in row]
    assert logged[0]["kd_loss"] == pytest.approx(0, abs=1e-3)  # LoRA starts as the identity: same distributions
    assert logged[0]["ce_loss"] > 0.1 and manifest["steps"] == 2


def test_logit_kd_refuses_a_teacher_with_another_vocabulary(traces_dir, wd):
    cfg = _distill_cfg(objective="kd", teacher="packaged:smollm2-135m-instruct")
    with pytest.raises(VocabularyMismatch, match="same tokenizer"):
        distill.build_trainer(cfg, STUDENT_CFG, traces_dir, wd / "kd-mismatch")


@pytest.fixture(scope="module")
def merged(traces_dir, wd):
    if not (wd / "distill" / "adapter").is_dir():
        distill.run(_distill_cfg(), STUDENT_CFG, traces_dir, wd / "distill")
    merge.run(merge.MergeConfig(), STUDENT_CFG, wd / "distill" / "adapter", wd / "merge")
    return wd / "merge" / "model"


def test_merge_refuses_an_adapter_trained_on_another_student(merged, wd):
    other = StudentConfig(model="packaged:qwen2.5-1.5b-instruct")
    with pytest.raises(merge.StudentMismatch, match=r"trained on 'packaged:qwen2\.5-0\.5b-instruct'"):
        merge.run(merge.MergeConfig(), other, wd / "distill" / "adapter", wd / "merge-other")


def test_merge_writes_a_standalone_model_with_chat_template(merged):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from pipeline.hf_models import load_model

    assert list(merged.glob("*.safetensors")) and not list(merged.glob("adapter*"))
    tokenizer = AutoTokenizer.from_pretrained(merged)
    assert tokenizer.chat_template and "<|im_start|>" in tokenizer.chat_template
    ids = tokenizer("Hypertension is", return_tensors="pt").input_ids
    with torch.no_grad():
        tuned = AutoModelForCausalLM.from_pretrained(merged, dtype=torch.float32)(ids).logits
        base = load_model(STUDENT, "float32")(ids).logits
    assert 0 < (tuned - base).abs().max().item() < 5  # the adapter changed the model, a little


@pytest.fixture(scope="module")
def quantized(merged, data_out, traces_dir, wd):
    # GPTQ on layers 0-1 only (the others stay 16-bit through GPTQModel's `dynamic` skip rule): the real code path
    # in seconds; the smoke profile quantizes every layer.
    cfg = quantize.QuantizeConfig(
        calibration_samples=4, calibration_max_tokens=128, dynamic={r"-:model\.layers\.([2-9]|1\d|2\d)\..*": {}}
    )
    manifest = quantize.run(cfg, merged, traces_dir, data_out, wd / "quantize")
    return manifest, wd / "quantize" / "model"


def test_quantized_model_is_a_gptq_checkpoint_that_loads_and_generates(quantized):
    manifest, folder = quantized
    config = json.loads((folder / "config.json").read_text())
    qcfg = config["quantization_config"]
    assert qcfg["bits"] == 4 and qcfg["group_size"] == 128 and qcfg["quant_method"] == "gptq"
    assert manifest["calibration_samples"] == 4
    assert manifest["check"]["generated"].strip()  # loaded back through GPTQModel and generated text
    # GPTQ tensors (qweight, scales, …) where the layers were quantized; plain weights where `dynamic` skipped them.
    from safetensors import safe_open

    names = set()
    for path in folder.glob("*.safetensors"):
        with safe_open(str(path), framework="pt") as fh:
            names.update(fh.keys())
    assert "model.layers.0.self_attn.q_proj.qweight" in names and "model.layers.1.mlp.down_proj.qweight" in names
    assert "model.layers.2.self_attn.q_proj.weight" in names and "model.layers.2.self_attn.q_proj.qweight" not in names


@pytest.fixture(scope="module")
def gguf_file(merged, wd):
    manifest = gguf.run(gguf.GgufConfig(quant="Q4_K_M"), merged, wd / "gguf")
    return manifest, wd / "gguf" / "model-Q4_K_M.gguf"


def test_gguf_export_is_a_q4_k_m_file_llama_cpp_reads(gguf_file):
    from gguf import GGUFReader

    manifest, path = gguf_file
    reader = GGUFReader(path)
    arch = bytes(reader.fields["general.architecture"].parts[-1]).decode()
    file_type = int(reader.fields["general.file_type"].parts[-1][0])
    assert arch == "qwen2" and file_type == 15  # LLAMA_FTYPE_MOSTLY_Q4_K_M
    assert 300e6 < manifest["gguf_bytes"] < 600e6  # 0.5B at ~4.5-5 bits a weight, 16-bit embeddings


def test_evaluate_and_report(quantized, gguf_file, wd, settings_data_dir):
    _, folder = quantized
    cfg = evaluate.EvaluateConfig(
        models=[
            evaluate.ModelEntry("student base", "hf", STUDENT, "float32"),
            evaluate.ModelEntry("student 4-bit", "gptq", str(folder)),
            evaluate.ModelEntry("student Q4_K_M", "gguf", str(gguf_file[1])),
        ],
        benchmarks={"medqa": 2, "pubmedqa": 2},
        completeness_items=1,
        completeness_max_new_tokens=24,
        judge=JudgeConfig(model="qwen2.5-0.5b-instruct", threads=1, max_tokens=24, temperature=0.0),
    )
    manifest = evaluate.run(cfg, settings_data_dir, wd / "evaluate")
    assert manifest["models"] == ["student base", "student 4-bit", "student Q4_K_M"]
    assert all(len(ids) == 2 for ids in manifest["subsets"].values())
    for name in manifest["models"]:
        result = json.loads((wd / "evaluate" / "results" / f"{name}.json").read_text())
        assert result["accuracy"]["medqa"]["n"] == 2 and result["completeness"]["k"] == 1
        assert result["memory_bytes"] > 100e6 and result["latency"]["ttft_s_mean"] > 0
        generation = result["completeness"]["generations"][0]
        assert generation["new_tokens"] == 24 and generation["judge_reply"]
    base = json.loads((wd / "evaluate" / "results" / "student base.json").read_text())
    four = json.loads((wd / "evaluate" / "results" / "student 4-bit.json").read_text())
    assert four["memory_bytes"] < base["memory_bytes"]
    # Cached per configuration: a rerun of the stage does not evaluate again.
    assert evaluate.run(cfg, settings_data_dir, wd / "evaluate")["started"] == manifest["started"]

    report.run(report.ReportConfig(title="test", command="pytest"), wd, wd / "report")
    markdown = (wd / "report" / "report.md").read_text()
    assert "| **student base** |" in markdown and "| **student Q4_K_M** |" in markdown and "Wilson" in markdown
    assert (wd / "report" / "accuracy.png").stat().st_size > 5000
    assert (wd / "report" / "results.csv").read_text().count("\n") == 4
