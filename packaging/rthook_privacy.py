"""PyInstaller runtime hook: the privacy switches are set before any bundled module can load onnxruntime."""

from contract_app.privacy import keep_everything_local

keep_everything_local()
