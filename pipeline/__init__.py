"""Rebuild the medical student from the teacher: data → teacher traces → LoRA distillation → merge → GPTQ 4-bit →
evaluation → report. One CLI: `python -m pipeline <stage|all> --config pipeline/configs/<profile>.yaml`."""
