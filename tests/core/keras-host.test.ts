// Keras host behaviours that must stay honest: what is unknown is reported as unknown (null
// plus a diagnostic), never as a number. Small inline sources, one expectation each.
import { Analyzer } from '../../src/core/analyzer';
import type { ModelIR } from '../../src/core/ir';
import { getParser } from '../helpers/parser';

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = new Analyzer(await getParser());
});

function analyze(src: string): { models: ModelIR[]; diagnostics: Array<{ severity: string; code: string; message: string }> } {
  return analyzer.analyze([{ id: 'c', kind: 'code', source: src }]);
}

function models(src: string): ModelIR[] {
  return analyzer.analyze([{ id: 'c', kind: 'code', source: src }]).models.filter(m => m.framework === 'keras');
}

function model(src: string, name = 'model'): ModelIR {
  const m = models(src).find(x => x.name === name);
  expect(m).toBeDefined();
  return m as ModelIR;
}

const HEAD = 'import keras\nfrom keras import layers\n';

test('Sequential grown in a loop over unknown data: kept, total unknown', () => {
  const m = model(`${HEAD}import json\ncfg = json.load(open("c.json"))\nmodel = keras.Sequential([keras.Input((4,))])\nfor u in cfg["units"]:\n    model.add(layers.Dense(u))\n`);
  expect(m.params.total).toBeNull();
  expect(m.params.trainable).toBeNull();
});

test('layer names after code that could not be followed are flagged', () => {
  const ms = models(`${HEAD}import sys\nfor i in range(int(sys.argv[1])):\n    layers.Dense(3)\nmodel = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n`);
  const m = ms.find(x => x.name === 'model') as ModelIR;
  expect(m.params.total).toBe(10);
  expect(m.diagnostics.some(d => d.code === 'uncertain-name' && d.message.startsWith('dense:'))).toBe(true);
});

test('star import of keras.layers resolves real layer names only', () => {
  const m = model('from keras.layers import *\nfrom keras.models import Sequential\nmodel = Sequential([Input((8,)), Dense(4), Dropout(0.1), Dense(1)])\n');
  expect(m.params.total).toBe(41);
});

test('keyword argument missing from the catalog makes the layer unknown (lora_rank adds weights)', () => {
  const m = model(`${HEAD}model = keras.Sequential([keras.Input((8,)), layers.Dense(4, lora_rank=2)])\n`);
  expect(m.params.total).toBeNull();
});

test('image data format set to a value not known statically: conv shapes and weights unknown', () => {
  const m = model(`${HEAD}import os\nkeras.backend.set_image_data_format(os.environ["FMT"])\nmodel = keras.Sequential([keras.Input((3, 8, 8)), layers.Conv2D(4, 3)])\n`);
  expect(m.params.total).toBeNull();
});

test('keras.applications for any arguments: built from the library source, layers listed', () => {
  const m = model('from keras.applications import ResNet50\nmodel = ResNet50(include_top=False, weights=None, input_shape=(96, 96, 3))\nout = model.get_layer("conv5_block3_out").output\n');
  expect(m.params).toMatchObject({ total: 23587712, trainable: 23534592, nonTrainable: 53120 });
  expect(m.outputShape).toEqual([null, 3, 3, 2048]);
  expect(m.layers.filter(l => l.depth === 1).map(l => l.name).slice(0, 4)).toEqual(['input_layer', 'conv1_pad', 'conv1_conv', 'conv1_bn']);
});

test('keras.applications inside the measured data: exact', () => {
  const m = model('from keras.applications import MobileNetV2\nmodel = MobileNetV2(weights=None, include_top=False, pooling="avg")\nmodel.trainable = False\n');
  expect(m.params).toMatchObject({ total: 2257984, trainable: 0, nonTrainable: 2257984 });
  expect(m.outputShape).toEqual([null, 1280]);
});

test('per-layer freezing inside an application: exact (its layers are real layers now)', () => {
  const m = model('from keras.applications import VGG16\nmodel = VGG16(weights=None, include_top=False)\nfor l in model.layers[:10]:\n    l.trainable = False\n');
  expect(m.params.total).toBe(14714688);
  expect(m.params.trainable).toBe(12979200);
});

test('keras.applications arguments Keras refuses: an error, no numbers', () => {
  for (const call of ['ResNet50(weights="imagenet", classes=10)', 'ResNet50(include_top=False, weights=None, input_shape=(16, 16, 3))', 'ResNet50(foo=1)', 'InceptionV3(weights=None, input_shape=(None, None, 3))']) {
    const ir = analyze(`import keras\nmodel = keras.applications.${call}\n`);
    const m = ir.models.find(x => x.name === 'model') as ModelIR;
    expect(m.params.total).toBeNull();
    expect(ir.diagnostics.some(d => d.severity === 'error' && d.code === 'bad-argument')).toBe(true);
  }
});

test('keras.applications with channels_first: null with a reason (not described, never the table)', () => {
  const m = model('import keras\nkeras.backend.set_image_data_format("channels_first")\nmodel = keras.applications.ResNet50(weights=None)\n');
  expect(m.params.total).toBeNull();
});

test('NASNetMobile: exact as TensorFlow / JAX build it, with a note that the torch backend refuses it', () => {
  const ir = analyze('import tensorflow as tf\nmodel = tf.keras.applications.NASNetMobile(weights=None)\n');
  const m = ir.models.find(x => x.name === 'model') as ModelIR;
  expect(m.params.total).toBe(5326716);
  expect(ir.diagnostics.some(d => d.code === 'application-note' && d.severity === 'info')).toBe(true);
  expect(ir.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
});

test('imagenet weights with the top: input_shape given as a list is refused, as Keras compares it with a tuple', () => {
  // Real Keras 3: ValueError "... `input_shape` should be (224, 224, 3).  Received: input_shape=[224, 224, 3]".
  const ir = analyze('import keras\nmodel = keras.applications.ResNet50(weights="imagenet", input_shape=[224, 224, 3])\nok = keras.applications.ResNet50(weights="imagenet", input_shape=(224, 224, 3))\n');
  expect((ir.models.find(x => x.name === 'model') as ModelIR).params.total).toBeNull();
  expect((ir.models.find(x => x.name === 'ok') as ModelIR).params.total).toBe(25636712);
  expect(ir.diagnostics.filter(d => d.severity === 'error').length).toBe(1);
});

test('MobileNetV2 on input_tensor with imagenet weights: the tensor size is the default size, no error', () => {
  // Real Keras 3: mobilenetv2_1.00_96, 3,538,984 params, 156 rows.
  const ir = analyze('import keras\ninp = keras.Input((96, 96, 3))\nmodel = keras.applications.MobileNetV2(input_tensor=inp, weights="imagenet")\n');
  const m = ir.models.find(x => x.name === 'model') as ModelIR;
  expect(m.params.total).toBe(3538984);
  expect(m.layers.filter(l => l.depth === 1).length).toBe(156);
  expect(ir.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
});

test('tf.keras.applications submodules and preprocess_input resolve to the library', () => {
  const ir = analyze('import tensorflow as tf\nfrom tensorflow.keras.applications.efficientnet import EfficientNetB0, preprocess_input\ninp = tf.keras.Input((64, 64, 3))\nx = preprocess_input(inp)\nbase = EfficientNetB0(include_top=False, weights=None, input_tensor=x, pooling="avg")\nmodel = tf.keras.Model(inp, tf.keras.layers.Dense(2)(base.output))\n');
  const m = ir.models.find(x => x.name === 'model') as ModelIR;
  expect(m.params.total).toBe(4049571 + 1280 * 2 + 2);
  expect(ir.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
});

test('unbuilt Sequential: total null (Keras cannot count it), layers 0', () => {
  const m = model(`${HEAD}model = keras.Sequential([layers.Dense(4), layers.Dense(1)])\n`);
  expect(m.params.total).toBeNull();
  expect(m.layers.filter(l => l.depth === 1).map(l => l.params)).toEqual([0, 0]);
});

test('torch and keras models in one notebook are both reported', () => {
  const ir = analyzer.analyze([{ id: 'c', kind: 'code', source: 'import torch.nn as nn\nimport keras\nnet = nn.Linear(3, 2)\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n' }]);
  expect(ir.models.map(m => [m.name, m.framework, m.params.total])).toEqual([['net', 'pytorch', 8], ['model', 'keras', 8]]);
});

test('layers after a layer that is not known: not built here, so their params are unknown (not 0)', () => {
  const m = model('import tensorflow as tf\nimport tensorflow_hub as hub\nmodel = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/x", input_shape=[], dtype=tf.string), tf.keras.layers.Dense(16), tf.keras.layers.Dense(1)])\n');
  expect(m.params.total).toBeNull();
  expect(m.layers.filter(l => l.depth === 1).map(l => l.params)).toEqual([null, null]);
});

test('a merge with a branch that is not known: total and shape unknown (never the known branch alone)', () => {
  const m = model(`${HEAD}import mystery\ninp = keras.Input((8,))\na = layers.Dense(4)(inp)\nb = mystery.block(inp)\nx = layers.Concatenate()([a, b])\nout = layers.Dense(1)(x + a if False else x)\nmodel = keras.Model(inp, out)\n`);
  expect(m.params.total).toBeNull();
  expect(m.outputShape).toEqual(null);
});

test('an op with an operand that is not known: unknown, not broadcast against nothing', () => {
  const m = model(`${HEAD}import mystery\ninp = keras.Input((8,))\na = layers.Dense(4)(inp)\nx = a + mystery.thing(inp)\nmodel = keras.Model(inp, layers.Dense(2)(x))\n`);
  expect(m.params.total).toBeNull();
});

test('a subclassed model holding something we could not follow: totals unknown', () => {
  const m = model(`${HEAD}import mystery\nclass Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.backbone = mystery.make_backbone()\n        self.head = layers.Dense(2)\n        self.tracker = keras.metrics.Mean(name="loss")\n    def call(self, x):\n        return self.head(x)\nmodel = Net()\nmodel(keras.ops.zeros((1, 4)))\n`);
  expect(m.params.total).toBeNull();
});

test('metrics, seed generators and regularizers on a model are not layers: totals stay exact', () => {
  const m = model(`${HEAD}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.seed = keras.random.SeedGenerator(1)\n        self.head = layers.Dense(2, kernel_regularizer=keras.regularizers.l2(1e-4))\n        self.tracker = keras.metrics.Mean(name="loss")\n    def call(self, x):\n        return self.head(x)\nmodel = Net()\nmodel(keras.ops.zeros((1, 4)))\n`);
  expect(m.params.total).toBe(10);
});

test('a functional model with an output we could not follow: totals unknown', () => {
  const m = model(`${HEAD}import mystery\ninp = keras.Input((4,))\na = layers.Dense(3)(inp)\nmodel = keras.Model(inp, [a, mystery.head(a)])\n`);
  expect(m.params.total).toBeNull();
});

test('Keras 2 spellings: LeakyReLU(alpha=...) and keras.layers.advanced_activations', () => {
  const m = model('from keras.models import Sequential\nfrom keras.layers.core import Dense\nfrom keras.layers.advanced_activations import LeakyReLU\nmodel = Sequential()\nmodel.add(Dense(4, input_dim=3))\nmodel.add(LeakyReLU(alpha=0.2))\nmodel.add(Dense(1))\n');
  expect(m.params.total).toBe(21);
});

test('fit() on data: a Sequential still missing its input shape has unknown weights (not 0); a subclassed model over built parts is built by it', () => {
  const data = 'import numpy as np\nx = np.load("x.npy")\n';
  const seq = model(`${HEAD}${data}model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10)])\nmodel.compile(optimizer="adam", loss="mse")\nmodel.fit(x, x, epochs=1)\n`);
  expect([seq.params.total, seq.params.trainable, seq.params.nonTrainable]).toEqual([null, null, null]);
  expect(seq.layers.filter(l => l.depth === 1).map(l => l.params)).toEqual([null, null]);
  const ae = model(
    `${HEAD}${data}inp = keras.Input(shape=(20,))\nencoder = keras.Model(inp, layers.Dense(3)(layers.Dense(12, activation="relu")(inp)))\nz = keras.Input(shape=(3,))\ndecoder = keras.Model(z, layers.Dense(20)(layers.Dense(12, activation="relu")(z)))\nclass AutoEncoder(keras.Model):\n    def __init__(self, encoder, decoder):\n        super().__init__()\n        self.encoder = encoder\n        self.decoder = decoder\n    def call(self, x):\n        return self.decoder(self.encoder(x))\nmodel = AutoEncoder(encoder, decoder)\nmodel.compile(optimizer="adam", loss="mse")\nmodel.fit(x, x, epochs=1)\n`
  );
  // Keras 3.15 after fit on (16, 20) data: 291 + 308
  expect([ae.params.total, ae.params.trainable]).toEqual([599, 599]);
});

test('Keras 3 trainable flags: a layer re-enabled inside a frozen nested model counts as trainable in the outer model, not in the frozen one', () => {
  const src = `${HEAD}inner = keras.Sequential([keras.Input((8,)), layers.Dense(5), layers.Dense(3)])\ninner.trainable = False\ninner.layers[-1].trainable = True\ni2 = keras.Input((8,))\nouter = keras.Model(i2, layers.Dense(2)(inner(i2)))\n`;
  // Keras 3.15: inner 63 / 0 trainable; outer 71 / 26 trainable (8 + the re-enabled Dense(3): 18)
  expect([model(src, 'inner').params.total, model(src, 'inner').params.trainable]).toEqual([63, 0]);
  expect([model(src, 'outer').params.total, model(src, 'outer').params.trainable]).toEqual([71, 26]);
});

test('Keras 3 variables: variable.trainable = False freezes that variable only; a later layer.trainable setting replaces it', () => {
  const base = `${HEAD}m = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="a"), layers.Dense(2, name="b")])\n`;
  // Keras 3.15: 23 weights; kernel+bias of a (15) frozen -> 8; kernel of b (6) frozen -> 17; re-enabled by b.trainable = True -> 23
  expect(model(`${base}for w in m.get_layer("a").weights:\n    w.trainable = False\n`, 'm').params.trainable).toBe(8);
  expect(model(`${base}m.get_layer("b").kernel.trainable = False\n`, 'm').params.trainable).toBe(17);
  expect(model(`${base}m.get_layer("b").kernel.trainable = False\nm.get_layer("b").trainable = True\n`, 'm').params.trainable).toBe(23);
});

test('keras.ops.image.extract_patches output shapes (sizes, strides, same padding, dilation) as Keras 3.15 reports them', () => {
  const seq = (shape: string, call: string, name: string): string =>
    `${name} = keras.Sequential([keras.Input(shape=${shape}), layers.Lambda(lambda x: keras.ops.image.extract_patches(x, ${call}))])\n`;
  const src = HEAD + seq('(32, 30, 3)', 'size=(4, 5)', 'a') + seq('(32, 30, 3)', 'size=4, strides=3', 'b') + seq('(32, 30, 3)', 'size=4, strides=3, padding="same"', 'c') +
    seq('(33, 33, 2)', 'size=3, strides=2, dilation_rate=2', 'd') + seq('(32, 32, 3)', 'size=(3, 3), strides=(2, 1)', 'e');
  const shapes = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map(n => [n, model(src, n).outputShape]));
  expect(shapes).toEqual({ a: [null, 8, 6, 60], b: [null, 10, 9, 48], c: [null, 11, 10, 48], d: [null, 15, 15, 18], e: [null, 15, 30, 27] });
});
