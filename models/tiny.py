"""Tiny randomly initialised causal LMs and locally built tokenizers, for tests and benchmarks.

No generative weights can be downloaded here, so the transformers backend is exercised with models built
from a config (random weights) and a tokenizer trained or assembled on the spot, both saved to a directory
and loaded back exactly like a real model would be. Compute cost does not depend on the weights' values,
so a random model of a real model's shape is a fair speed benchmark.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "[UNK]"]

_BASIC_WORDS = """
a about after again all also am an and any are as ask at back be because been before being below both but by
can cancel card charge charged check contact could credit customer damaged day days delivered delivery did do
does don't down each email exchange for from full gift had has have he help her here hi his how i i'm if in
into is it item items its just know last let like look lost me message money more my need new next no not now
of off on once only or order orders other our out over parcel payment please policy refund refunds reply
return returned returns same see sent she ship shipped shipping should so some soon sorry still such take team
than thank thanks that the their them then there these they this through to today too track tracking under
until up us very want was we week weeks well were what when where which while who why will with within would
wrong yes yet you your
""".split()


def chatml_tokenizer_from_vocab(words: Iterable[str] = (), *, extra_text: str = ""):  # noqa: ANN201
    """A word-level tokenizer (whitespace/punctuation split) with ChatML special tokens and chat template.

    Small and fast; words outside the vocabulary become [UNK]. ``extra_text``'s words join the vocabulary.
    """
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers

    vocab: dict[str, int] = {tok: i for i, tok in enumerate(SPECIAL_TOKENS)}
    pre = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation("isolated")])
    candidates = ["system", "user", "assistant"] + list(_BASIC_WORDS) + [w.lower() for w in words]
    candidates += [w for w, _ in pre.pre_tokenize_str(extra_text.lower())]
    candidates += list(".,;:!?'\"()[]-—0123456789$%#/")
    for word in candidates:
        vocab.setdefault(word, len(vocab))
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre
    tok.decoder = decoders.WordPiece(prefix="##", cleanup=True)  # joins words with spaces, tidies punctuation
    return _wrap(tok)


def chatml_bpe_tokenizer(corpus: Iterable[str], *, vocab_size: int = 32_000, pad_to: int | None = None):  # noqa: ANN201
    """A byte-level BPE tokenizer trained on ``corpus`` (like GPT-2/Qwen's), with ChatML tokens and template.

    The trained vocabulary is capped by the corpus size, so on a small corpus it splits text into more tokens
    than a production tokenizer would: prompt token counts measured with it are on the safe side.
    ``pad_to`` fills the vocabulary with never-merged filler tokens up to that size, so every id a model of
    that vocabulary emits decodes to text (and the tokenizer is as large as a real one).
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    if pad_to and tok.get_vocab_size() < pad_to:
        tok = _pad_vocab(tok, pad_to)
    return _wrap(tok)


def _pad_vocab(tok, size: int):  # noqa: ANN001, ANN202
    """Append filler tokens ("Ġ" + letters: a space and a made-up word when decoded); merges are unchanged,
    so encoding is unaffected."""
    import json
    import string

    from tokenizers import Tokenizer

    spec = json.loads(tok.to_str())
    vocab: dict[str, int] = spec["model"]["vocab"]
    used = set(vocab) | {t["content"] for t in spec.get("added_tokens", [])}
    next_id = max([*vocab.values(), *(t["id"] for t in spec.get("added_tokens", []))]) + 1
    letters = string.ascii_lowercase
    n = 0
    while next_id < size:
        word, k = "", n
        while True:
            word = letters[k % 26] + word
            k = k // 26 - 1
            if k < 0:
                break
        n += 1
        token = "Ġ" + word
        if token not in used:
            vocab[token] = next_id
            next_id += 1
    return Tokenizer.from_str(json.dumps(spec))


def _wrap(tok):  # noqa: ANN001, ANN202
    from transformers import PreTrainedTokenizerFast

    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="<|endoftext|>",
        eos_token="<|im_end|>",
        bos_token=None,
        additional_special_tokens=["<|im_start|>"],
    )
    fast.chat_template = CHATML_TEMPLATE
    return fast


def tiny_config(vocab_size: int, *, arch: str = "llama", hidden: int = 32, layers: int = 2, heads: int = 4,
                kv_heads: int = 2, intermediate: int = 64, max_positions: int = 4096, eos_token_id: int = 2,
                pad_token_id: int = 0):  # noqa: ANN201
    """A small Qwen2Config or LlamaConfig."""
    from transformers import LlamaConfig, Qwen2Config

    cls = {"qwen2": Qwen2Config, "llama": LlamaConfig}[arch]
    return cls(
        vocab_size=vocab_size,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        intermediate_size=intermediate,
        max_position_embeddings=max_positions,
        tie_word_embeddings=True,
        eos_token_id=eos_token_id,
        pad_token_id=pad_token_id,
        bos_token_id=None,
    )


def qwen2_05b_config(*, eos_token_id: int = 2, pad_token_id: int = 0):  # noqa: ANN201
    """Qwen2-0.5B's shape: 24 layers, hidden 896, 14 heads / 2 KV heads, MLP 4864, vocab 151,936, tied embeddings."""
    from transformers import Qwen2Config

    return Qwen2Config(
        vocab_size=151_936,
        hidden_size=896,
        num_hidden_layers=24,
        num_attention_heads=14,
        num_key_value_heads=2,
        intermediate_size=4864,
        max_position_embeddings=32_768,
        rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0},
        rms_norm_eps=1e-6,
        tie_word_embeddings=True,
        eos_token_id=eos_token_id,
        pad_token_id=pad_token_id,
        bos_token_id=None,
    )


def random_model(config, *, seed: int = 0):  # noqa: ANN001, ANN201
    """A causal LM with random weights for ``config`` (float32, eval mode)."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.generation_config.eos_token_id = config.eos_token_id
    model.generation_config.pad_token_id = config.pad_token_id
    return model.eval()


def build_tiny_lm(directory: Path, *, arch: str = "llama", seed: int = 0, extra_text: str = "", **sizes) -> Path:
    """Save a tiny random causal LM and its ChatML word-level tokenizer to ``directory``; returns the path.

    Llama by default: transformers 5's AutoTokenizer trusts the saved tokenizer class for Llama, whereas for
    ``model_type == "qwen2"`` it rebuilds a Qwen2Tokenizer from the vocabulary, which suits only real Qwen files.
    """
    directory = Path(directory)
    tokenizer = chatml_tokenizer_from_vocab(extra_text=extra_text)
    eos = tokenizer.convert_tokens_to_ids("<|im_end|>")
    pad = tokenizer.convert_tokens_to_ids("<|endoftext|>")
    model = random_model(tiny_config(len(tokenizer), arch=arch, eos_token_id=eos, pad_token_id=pad, **sizes), seed=seed)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
