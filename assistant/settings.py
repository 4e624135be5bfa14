"""One pydantic-settings tree for the whole product. Environment prefix ``CAREDRAFT_``; nested fields use
``__`` (e.g. ``CAREDRAFT_GENERATOR__BACKEND=openai``). ``caredraft config show`` prints the effective values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_EMBEDDER = "bundled:all-MiniLM-L6-v2"
NEW_INDEX_BACKEND = "openvino"  # the embedder backend 'auto' picks for an index not built yet (issue 12: >= 2x, same recall)
SAMPLE_KB_DIR = Path(__file__).resolve().parent.parent / "knowledge_base" / "sample"


class EmbedderSettings(BaseModel):
    model: str = Field(
        default=BUNDLED_EMBEDDER,
        description="Sentence-transformers model: a local path, or 'bundled:all-MiniLM-L6-v2' for the offline default.",
    )
    # 16, not 64: on length-sorted chunks the activations of a batch of 16 stay in cache; one CPU second embeds
    # about 18% more texts on torch and 25% more on ONNX int8 than with 64 (benchmarks/bench_embedders.py)
    batch_size: int = Field(default=16, ge=1, description="Texts per encode batch (both backends).")
    device: str = Field(default="cpu", description="torch device for the embedder.")
    backend: Literal["auto", "onnx", "openvino", "torch"] = Field(
        default="auto",
        description="'onnx' (the model exported to ONNX with int8 weights at first use, run by ONNX Runtime: no torch "
                    "at run time), 'openvino' (exported once and quantised to int8 weights and activations, run by "
                    "OpenVINO), 'torch' (fp32 sentence-transformers), or 'auto': the backend the live index was "
                    f"embedded with, '{NEW_INDEX_BACKEND}' for a new index. An index records its backend: after "
                    "switching, reindex.",
    )
    cache_dir: Path | None = Field(
        default=None, description="Where the ONNX or OpenVINO export is kept (built once per model and backend); "
                                  "default: <data_dir>/models/<backend>."
    )


class KnowledgeBaseSettings(BaseModel):
    index_dir: Path | None = Field(default=None, description="Index directory; default: <data_dir>/index.")
    keep_versions: int = Field(default=5, ge=2, description="Published index versions kept for rollback.")
    hnsw_threshold: int = Field(
        default=200_000, ge=1, description="Chunk count from which an approximate HNSW index replaces exact search."
    )
    chunk_overlap_sentences: int = Field(default=1, ge=0, description="Sentences repeated between adjacent chunks.")


class RetrievalSettings(BaseModel):
    k: int = Field(default=5, ge=1, le=50, description="Passages handed to the generator.")
    candidates: int = Field(default=40, ge=1, description="Candidates taken from each of dense and BM25 search.")
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal-rank-fusion constant.")
    dedup_threshold: float = Field(default=0.95, ge=0, le=1, description="Cosine above which hits are near-duplicates.")
    min_score: float = Field(default=0.0, ge=0, le=1, description="Hits scoring below this are dropped.")


# The drafting backends, named once: settings, container, CLI and API all take them from here.
Backend = Literal["composer", "llamacpp", "transformers", "openai"]
BACKENDS: tuple[str, ...] = get_args(Backend)


class GeneratorSettings(BaseModel):
    backend: Backend = Field(default="composer", description="Default drafting backend.")
    mode: Literal["draft", "polish"] = Field(
        default="draft",
        description="LLM backends: 'draft' writes the reply from the sources; 'polish' rewrites the composer's verified "
        "draft for tone and keeps it only when every cited fact survives.",
    )
    gguf_path: str | None = Field(default=None, description="GGUF model file for the llamacpp backend.")
    threads: int = Field(
        default=1, ge=1,
        description="CPU threads for llama.cpp (set it explicitly: the engine's default stalls on a busy machine).",
    )
    context_size: int = Field(
        default=4096, ge=256, description="Context tokens per llama.cpp slot (the prompt plus the reply)."
    )
    parallel: int = Field(default=4, ge=1, le=64, description="llama.cpp slots decoded together (continuous batching).")
    queue_size: int = Field(
        default=16, ge=1, description="Requests waiting for the llama.cpp engine beyond which a draft falls back at once."
    )
    transformers_model: str | None = Field(
        default=None, description="Local folder (or cached id) of a causal LM, or a .gguf file, for the transformers backend."
    )
    transformers_device: str = Field(default="cpu", description="torch device for the local LLM.")
    openai_base_url: str = Field(default="http://127.0.0.1:8001/v1", description="OpenAI-compatible server base URL.")
    openai_model: str = Field(default="default", description="Model name sent to the OpenAI-compatible server.")
    openai_api_key: SecretStr = Field(default=SecretStr(""), description="Key for the OpenAI-compatible server.")
    openai_context_size: int | None = Field(
        default=None, ge=256, description="The server model's context tokens, when known (caps the prompt budget)."
    )
    max_new_tokens: int = Field(default=320, ge=1, description="Token cap for a generated reply.")
    prompt_token_budget: int = Field(default=1200, ge=200, description="Token cap for the rendered prompt.")
    timeout_s: float = Field(default=60.0, gt=0, description="Hard limit before falling back to the composer.")
    retries: int = Field(default=2, ge=0, description="Retries on transient server errors (openai backend).")
    prompt_version: str = Field(default="v2", description="Prompt files under assistant/prompts/<version>/.")
    signature: str | None = Field(
        default=None,
        description="Sign-off name used when a draft leaves a name placeholder and the ticket names no agent "
        "(default: '<company> Customer Care').",
    )


class DraftingSettings(BaseModel):
    min_evidence_score: float = Field(
        default=0.35, ge=0, le=1, description="Best retrieval score under which the draft asks the agent for input."
    )
    history_turns: int = Field(default=2, ge=0, description="Earlier customer turns added to the retrieval query.")
    company_name: str | None = Field(
        default=None, max_length=120,
        description="The company drafts speak for, when a request's brand voice names none (a decline says what "
        "this company helps with; the sign-off is '<company> team'). Unset: drafts name no company.",
    )


class ApiSettings(BaseModel):
    host: str = Field(default="127.0.0.1", description="Interface uvicorn binds to.")
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite file in data_dir.")
    admin_key: SecretStr | None = Field(default=None, description="First admin key; generated and printed when unset.")
    rate_limit_per_minute: int = Field(default=600, ge=1, description="Requests per key per minute.")
    auth_failures_per_minute: int = Field(default=30, ge=1,
                                          description="Failed authentications per client address per minute before 429.")
    max_upload_mb: int = Field(default=20, ge=1, description="Largest accepted upload, per file.")
    torch_threads: int = Field(
        default=1, ge=1,
        description="torch intra-op threads in the server; 1 lets concurrent requests share the cores without stalls.",
    )
    workers: int = Field(default=1, ge=1, le=64, description="Server worker processes (caredraft serve --workers).")
    job_lease_s: float = Field(
        default=30.0, ge=0.3,
        description="A background job whose worker has not reported for this long is marked failed (worker died).",
    )


class EvaluationSettings(BaseModel):
    report_dir: Path | None = Field(default=None, description="Where eval runs write reports; default: <data_dir>/eval.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAREDRAFT_", env_nested_delimiter="__", extra="ignore")

    environment: Literal["development", "production"] = Field(default="development", description="Deployment mode.")
    data_dir: Path = Field(default=Path(".caredraft"), description="Where the index, database and uploads live.")
    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings)
    kb: KnowledgeBaseSettings = Field(default_factory=KnowledgeBaseSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    generator: GeneratorSettings = Field(default_factory=GeneratorSettings)
    drafting: DraftingSettings = Field(default_factory=DraftingSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    evaluation: EvaluationSettings = Field(default_factory=EvaluationSettings)

    @property
    def index_dir(self) -> Path:
        return self.kb.index_dir or self.data_dir / "index"

    @property
    def documents_dir(self) -> Path:
        """Documents uploaded through the API live here; it is a sync source like any folder."""
        return self.data_dir / "documents"

    @property
    def database_url(self) -> str:
        return self.api.database_url or f"sqlite:///{(self.data_dir / 'caredraft.db').resolve()}"

    @property
    def report_dir(self) -> Path:
        return self.evaluation.report_dir or self.data_dir / "eval"
