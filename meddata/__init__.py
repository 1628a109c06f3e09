"""Every medical dataset the project reads, in one place: one MCQ type, one loader per dataset, the boundary between
training-allowed and evaluation data, decontamination, one formatter and one answer extractor.

Imports only `core`. Which split may be used for what is decided here (meddata.boundary) and nowhere else:
MedQA-USMLE test, MedMCQA dev, PubMedQA's test ids and MMLU medical test are evaluation-only; PubMedQA's other half,
MMLU's few-shot dev rows, MedQuAD, MTS-Dialog train and the DrugBank vocabulary may train, tune and be practised on.
"""
