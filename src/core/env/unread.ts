// Installed packages whose source is never read, as data: they build no neural network
// (plotting, data frames, I/O, notebooks' own machinery, other compilers) and their import
// closures are large, so reading them would spend the analysis' budgets for nothing —
// IPython alone took more than the whole 2 s wall budget when read. Their imports stay
// opaque, as without an environment.
// Does not: cover frameworks the hosts model (torch, keras, numpy, the standard library):
// those are claimed before the environment is asked.

/** Top-level package names (the first dotted part) that are never read from the environment. */
export const UNREAD_PACKAGES: ReadonlySet<string> = new Set([
  // notebooks and terminals
  'IPython', 'ipykernel', 'ipywidgets', 'jupyter', 'jupyter_client', 'jupyter_core', 'jupyterlab', 'notebook', 'traitlets', 'tqdm', 'rich', 'click', 'typer', 'absl',
  // plotting
  'matplotlib', 'seaborn', 'plotly', 'bokeh', 'altair', 'graphviz', 'pydot', 'torchviz',
  // data, I/O and the network
  'pandas', 'polars', 'pyarrow', 'h5py', 'tables', 'datasets', 'fsspec', 'requests', 'urllib3', 'httpx', 'aiohttp', 'boto3', 'botocore', 'yaml', 'toml', 'tomli', 'PIL', 'cv2', 'imageio', 'skimage', 'soundfile', 'librosa',
  // classical ML, maths and compilers
  'sklearn', 'scipy', 'statsmodels', 'sympy', 'networkx', 'numba', 'jax', 'jaxlib', 'flax', 'triton', 'onnx', 'onnxruntime', 'xgboost', 'lightgbm', 'catboost',
  // experiment tracking and environments
  'wandb', 'mlflow', 'tensorboard', 'tensorboardX', 'comet_ml', 'neptune', 'gym', 'gymnasium',
  // model hubs' download and tokenizer machinery (weights and vocabularies, never a network)
  'huggingface_hub', 'safetensors', 'tokenizers', 'sentencepiece', 'regex',
  // packaging and runtime helpers
  'setuptools', 'pkg_resources', 'packaging', 'importlib_metadata', 'pydantic', 'psutil', 'joblib', 'dill', 'filelock', 'jinja2', 'pytest', 'hypothesis', 'google', 'grpc'
]);

export function isUnread(dotted: string): boolean {
  const dot = dotted.indexOf('.');
  return UNREAD_PACKAGES.has(dot < 0 ? dotted : dotted.slice(0, dot));
}
