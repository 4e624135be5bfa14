"""Knowledge base: load documents, chunk, embed, index (FAISS + BM25 + SQLite), publish versions atomically, retrieve."""
