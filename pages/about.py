"""About the data: provenance, licences, the counts and the result of validation."""

import streamlit as st

from components.domain.loading import DEFAULT_DATA_DIR, data_dir
from components.ui.data import atlas
from components.ui.pages import require_app

require_app()
data = atlas()
st.title("About the data")
columns = st.columns(5)
for column, (label, value) in zip(
    columns,
    [
        ("Routes", len(data.routes)),
        ("Segments", len(data.segments)),
        ("Quotes", len(data.quotes)),
        ("Sources", len(data.sources)),
        ("Countries", len(data.countries)),
    ],
    strict=True,
):
    column.metric(label, value)

st.subheader("Validation at start-up")
if data.problems:
    st.error(f"{len(data.problems)} problem(s) in the data; what is valid is still shown:")
    st.code("\n".join(str(problem) for problem in data.problems), language=None)
else:
    st.success("Every file validated: every segment is quoted and every quote found in its source.")
if data.notices:
    st.warning("\n".join(str(notice) for notice in data.notices))

readme = data_dir() / "README.md"
if data_dir().resolve() == DEFAULT_DATA_DIR:
    st.markdown(readme.read_text(encoding="utf-8"))
elif readme.is_file():
    # Another data directory's README is not ours to trust: show it as plain text.
    st.text(readme.read_text(encoding="utf-8", errors="replace")[:100_000])
