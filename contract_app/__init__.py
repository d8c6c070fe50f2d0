from contract_app.privacy import keep_everything_local

__version__ = "0.1.0"

keep_everything_local()  # before any module of ours can load onnxruntime (see privacy.py)
