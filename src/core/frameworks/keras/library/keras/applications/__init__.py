# keras.applications of Keras 3.15, as described for ArchLens (not Keras' code); checked against Keras 3.15.1 (fixtures/keras/applications_expected.json).
import math
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
from keras import layers
from keras import Model, Sequential
from keras._archlens import app as _app, refuse as _refuse, unknown as _unknown, note as _note, undescribed as _undescribed, data_format as _data_format
from keras._archlens import source_inputs as _source_inputs, known as _known


# ---- shared helpers (imagenet_utils) ------------------------------------------------------

def _check_common(include_top, weights, classes, pooling, input_shape, extra=(), classifier_activation="softmax"):
    """Arguments Keras checks; False (after refuse/unknown) when no model is built."""
    checks = (("include_top", include_top), ("weights", weights), ("pooling", pooling), ("input_shape", input_shape)) + tuple(extra)
    for name, value in checks:
        if not _known(value):
            _unknown(name + " is not known statically")
            return False
    if weights == "imagenet" and include_top and not _known(classes):
        _unknown("classes is not known statically (Keras requires 1000 with imagenet weights)")
        return False
    if not (weights is None or isinstance(weights, str)):
        _unknown("weights is not None or a string")
        return False
    if weights == "imagenet" and include_top and classes != 1000:
        _refuse("If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  Received classes=" + str(classes))
        return False
    if pooling is not None and pooling != "avg" and pooling != "max":
        if not include_top:
            _unknown("pooling=" + str(pooling) + " is not None, 'avg' or 'max'")
            return False
    if include_top and weights is not None and isinstance(classifier_activation, str) and classifier_activation != "softmax":
        _refuse("Only `None` and `softmax` activations are allowed for the `classifier_activation` argument when using pretrained weights, with `include_top=True`; Received: classifier_activation=" + classifier_activation)
        return False
    if _data_format() != "channels_last":
        _unknown("image_data_format is not channels_last")
        return False
    return True


def _input_shape(input_shape, default_size, min_size, require_flatten, weights):
    """The input shape Keras settles on (obtain_input_shape), None after a refusal."""
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        default_shape = (default_size, default_size, input_shape[-1])
    else:
        default_shape = (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        # Keras compares as given: a list never equals the default tuple.
        if input_shape is not None and (isinstance(input_shape, list) or tuple(input_shape) != default_shape):
            _refuse("When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be " + str(default_shape) + ".  Received: input_shape=" + str(input_shape))
            return None
        return default_shape
    if input_shape:
        if len(input_shape) != 3:
            _refuse("`input_shape` must be a tuple of three integers.")
            return None
        if input_shape[-1] != 3 and weights == "imagenet":
            _refuse("The input must have 3 channels; Received `input_shape=" + str(input_shape) + "`")
            return None
        if (input_shape[0] is not None and input_shape[0] < min_size) or (input_shape[1] is not None and input_shape[1] < min_size):
            _refuse("Input size must be at least " + str(min_size) + "x" + str(min_size) + "; Received: input_shape=" + str(input_shape))
            return None
    else:
        if require_flatten:
            input_shape = default_shape
        else:
            input_shape = (None, None, 3)
    if require_flatten and None in input_shape:
        _refuse("If `include_top` is True, you should specify a static `input_shape`. Received: input_shape=" + str(input_shape))
        return None
    return tuple(input_shape)


def _input(input_shape, input_tensor):
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    return input_tensor


def _model(img_input, input_tensor, outputs, name):
    """The application model: from the Input the given input_tensor comes from, if any."""
    if input_tensor is not None:
        return Model(_source_inputs(input_tensor), outputs, name=name)
    return Model(img_input, outputs, name=name)


def _correct_pad(x, kernel_size):
    size = x.shape[1:3]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def _pool(x, pooling, avg_name=None, max_name=None):
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    return x


def _make_divisible(v, divisor=8, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


# ---- VGG ----------------------------------------------------------------------------------

def _vgg(convs, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, 224, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = img_input
    filters = (64, 128, 256, 512, 512)
    for b in range(5):
        for i in range(convs[b]):
            x = layers.Conv2D(filters[b], (3, 3), activation="relu", padding="same", name="block" + str(b + 1) + "_conv" + str(i + 1))(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name="block" + str(b + 1) + "_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    return _model(img_input, input_tensor, x, name=name or model_name)


def _VGG16(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name="vgg16"):
    return _vgg((2, 2, 3, 3, 3), "vgg16", include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name)


def _VGG19(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name="vgg19"):
    return _vgg((2, 2, 4, 4, 4), "vgg19", include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name)


# ---- ResNet / ResNetV2 --------------------------------------------------------------------

def _res_block_v1(x, filters, stride=1, conv_shortcut=True, name=None):
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + "_0_conv")(x)
        shortcut = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_0_bn")(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=name + "_1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_1_bn")(x)
    x = layers.Activation("relu", name=name + "_1_relu")(x)
    x = layers.Conv2D(filters, 3, padding="SAME", name=name + "_2_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_2_bn")(x)
    x = layers.Activation("relu", name=name + "_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_3_bn")(x)
    x = layers.Add(name=name + "_add")([shortcut, x])
    return layers.Activation("relu", name=name + "_out")(x)


def _res_block_v2(x, filters, stride=1, conv_shortcut=False, name=None):
    preact = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_preact_bn")(x)
    preact = layers.Activation("relu", name=name + "_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + "_0_conv")(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=name + "_1_conv")(preact)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_1_bn")(x)
    x = layers.Activation("relu", name=name + "_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=name + "_2_pad")(x)
    x = layers.Conv2D(filters, 3, strides=stride, use_bias=False, name=name + "_2_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_2_bn")(x)
    x = layers.Activation("relu", name=name + "_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
    return layers.Add(name=name + "_out")([shortcut, x])


def _resnet(stages, preact, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, 224, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=True, name="conv1_conv")(x)
    if not preact:
        x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    filters = (64, 128, 256, 512)
    for s in range(4):
        prefix = "conv" + str(s + 2)
        blocks = stages[s]
        if preact:
            x = _res_block_v2(x, filters[s], conv_shortcut=True, name=prefix + "_block1")
            for i in range(2, blocks):
                x = _res_block_v2(x, filters[s], name=prefix + "_block" + str(i))
            x = _res_block_v2(x, filters[s], stride=(1 if s == 3 else 2), name=prefix + "_block" + str(blocks))
        else:
            x = _res_block_v1(x, filters[s], stride=(1 if s == 0 else 2), name=prefix + "_block1")
            for i in range(2, blocks + 1):
                x = _res_block_v1(x, filters[s], conv_shortcut=False, name=prefix + "_block" + str(i))
    if preact:
        x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling, "avg_pool", "max_pool")
    return _model(img_input, input_tensor, x, name=name or model_name)


def _resnet_ctor(stages, preact, model_name):
    def build(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name=model_name):
        return _resnet(stages, preact, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name)
    return build


# ---- MobileNet ----------------------------------------------------------------------------

def _mobilenet_size(input_shape, input_tensor, sizes):
    """MobileNet's default size: the given (or input_tensor's) square size if it is one of sizes."""
    if input_shape is None and input_tensor is not None:
        input_shape = tuple(input_tensor.shape[1:])
    if input_shape is None:
        return 224
    rows = input_shape[0]
    cols = input_shape[1]
    if rows == cols and rows in sizes:
        return rows
    return 224


def _MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3, include_top=True, weights="imagenet", input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax", name=None):
    if not _check_common(include_top, weights, classes, pooling, input_shape, (("alpha", alpha), ("depth_multiplier", depth_multiplier)), classifier_activation=classifier_activation):
        return None
    default_size = _mobilenet_size(input_shape, input_tensor, (128, 160, 192, 224))
    input_shape = _input_shape(input_shape, default_size, 32, include_top, weights)
    if input_shape is None:
        return None
    rows = input_shape[0]
    if weights == "imagenet":
        if depth_multiplier != 1:
            _refuse("If imagenet weights are being loaded, depth multiplier must be 1.  Received depth_multiplier=" + str(depth_multiplier))
            return None
        if alpha not in (0.25, 0.50, 0.75, 1.0):
            _refuse("If imagenet weights are being loaded, alpha can be one of `0.25`, `0.50`, `0.75` or `1.0` only.  Received alpha=" + str(alpha))
            return None
    img_input = _input(input_shape, input_tensor)
    x = layers.Conv2D(int(32 * alpha), (3, 3), padding="same", use_bias=False, strides=(2, 2), name="conv1")(img_input)
    x = layers.BatchNormalization(axis=-1, name="conv1_bn")(x)
    x = layers.ReLU(6.0, name="conv1_relu")(x)
    spec = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))
    for i in range(13):
        block_id = i + 1
        filters = int(spec[i][0] * alpha)
        stride = spec[i][1]
        if stride == 2:
            x = layers.ZeroPadding2D(((0, 1), (0, 1)), name="conv_pad_" + str(block_id))(x)
        x = layers.DepthwiseConv2D((3, 3), padding="same" if stride == 1 else "valid", depth_multiplier=depth_multiplier, strides=(stride, stride), use_bias=False, name="conv_dw_" + str(block_id))(x)
        x = layers.BatchNormalization(axis=-1, name="conv_dw_" + str(block_id) + "_bn")(x)
        x = layers.ReLU(6.0, name="conv_dw_" + str(block_id) + "_relu")(x)
        x = layers.Conv2D(filters, (1, 1), padding="same", use_bias=False, strides=(1, 1), name="conv_pw_" + str(block_id))(x)
        x = layers.BatchNormalization(axis=-1, name="conv_pw_" + str(block_id) + "_bn")(x)
        x = layers.ReLU(6.0, name="conv_pw_" + str(block_id) + "_relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    if name is None:
        name = "mobilenet_" + _fmt2(alpha) + "_" + str(rows)
    return _model(img_input, input_tensor, x, name=name)


def _fmt2(v):
    """'%0.2f' % v for the alphas people pass (0.35 ... 1.4)."""
    cents = int(round(v * 100))
    return str(cents // 100) + "." + ("0" + str(cents % 100))[-2:]


def _inverted_res_block_v2(inputs, expansion, stride, alpha, filters, block_id):
    in_channels = inputs.shape[-1]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = "block_" + str(block_id) + "_"
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same", use_bias=False, activation=None, name=prefix + "expand")(x)
        x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=prefix + "expand_BN")(x)
        x = layers.ReLU(6.0, name=prefix + "expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = layers.ZeroPadding2D(padding=_correct_pad(x, 3), name=prefix + "pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False, padding="same" if stride == 1 else "valid", name=prefix + "depthwise")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=prefix + "depthwise_BN")(x)
    x = layers.ReLU(6.0, name=prefix + "depthwise_relu")(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False, activation=None, name=prefix + "project")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=prefix + "project_BN")(x)
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=prefix + "add")([inputs, x])
    return x


def _MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights="imagenet", input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax", name=None):
    if not _check_common(include_top, weights, classes, pooling, input_shape, (("alpha", alpha),), classifier_activation=classifier_activation):
        return None
    default_size = _mobilenet_size(input_shape, input_tensor, (96, 128, 160, 192, 224))
    input_shape = _input_shape(input_shape, default_size, 32, include_top, weights)
    if input_shape is None:
        return None
    rows = input_shape[0]
    if weights == "imagenet" and alpha not in (0.35, 0.50, 0.75, 1.0, 1.3, 1.4):
        _refuse("If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; Received `alpha=" + str(alpha) + "`")
        return None
    img_input = _input(input_shape, input_tensor)
    first_block_filters = _make_divisible(32 * alpha, 8)
    x = layers.Conv2D(first_block_filters, kernel_size=3, strides=(2, 2), padding="same", use_bias=False, name="Conv1")(img_input)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name="bn_Conv1")(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    spec = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6),
            (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6))
    for i in range(17):
        x = _inverted_res_block_v2(x, filters=spec[i][0], alpha=alpha, stride=spec[i][1], expansion=spec[i][2], block_id=i)
    if alpha > 1.0:
        last_block_filters = _make_divisible(1280 * alpha, 8)
    else:
        last_block_filters = 1280
    x = layers.Conv2D(last_block_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name="Conv_1_bn")(x)
    x = layers.ReLU(6.0, name="out_relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    if name is None:
        name = "mobilenetv2_" + _fmt2(alpha) + "_" + str(rows)
    return _model(img_input, input_tensor, x, name=name)


# ---- MobileNetV3 --------------------------------------------------------------------------

def _v3_relu(x):
    return layers.ReLU()(x)


def _v3_hard_sigmoid(x):
    return layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _v3_hard_swish(x):
    return layers.Activation("hard_swish")(x)


def _v3_se_block(inputs, filters, se_ratio, prefix):
    x = layers.GlobalAveragePooling2D(keepdims=True, name=prefix + "squeeze_excite_avg_pool")(inputs)
    x = layers.Conv2D(_make_divisible(filters * se_ratio), kernel_size=1, padding="same", name=prefix + "squeeze_excite_conv")(x)
    x = layers.ReLU(name=prefix + "squeeze_excite_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same", name=prefix + "squeeze_excite_conv_1")(x)
    x = _v3_hard_sigmoid(x)
    return layers.Multiply(name=prefix + "squeeze_excite_mul")([inputs, x])


def _v3_block(x, expansion, filters, kernel_size, stride, se_ratio, activation, block_id):
    shortcut = x
    prefix = "expanded_conv_"
    infilters = x.shape[-1]
    if block_id:
        prefix = "expanded_conv_" + str(block_id) + "_"
        x = layers.Conv2D(_make_divisible(infilters * expansion), kernel_size=1, padding="same", use_bias=False, name=prefix + "expand")(x)
        x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=prefix + "expand_bn")(x)
        x = activation(x)
    if stride == 2:
        x = layers.ZeroPadding2D(padding=_correct_pad(x, kernel_size), name=prefix + "depthwise_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=stride, padding="same" if stride == 1 else "valid", use_bias=False, name=prefix + "depthwise")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=prefix + "depthwise_bn")(x)
    x = activation(x)
    if se_ratio:
        x = _v3_se_block(x, _make_divisible(infilters * expansion), se_ratio, prefix)
    x = layers.Conv2D(filters, kernel_size=1, padding="same", use_bias=False, name=prefix + "project")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=prefix + "project_bn")(x)
    if stride == 1 and infilters == filters:
        x = layers.Add(name=prefix + "add")([shortcut, x])
    return x


_V3_SMALL = (
    (1, 16, 3, 2, True, False), (72.0 / 16, 24, 3, 2, False, False), (88.0 / 24, 24, 3, 1, False, False),
    (4, 40, 0, 2, True, True), (6, 40, 0, 1, True, True), (6, 40, 0, 1, True, True), (3, 48, 0, 1, True, True),
    (3, 48, 0, 1, True, True), (6, 96, 0, 2, True, True), (6, 96, 0, 1, True, True), (6, 96, 0, 1, True, True),
)
_V3_LARGE = (
    (1, 16, 3, 1, False, False), (4, 24, 3, 2, False, False), (3, 24, 3, 1, False, False),
    (3, 40, 0, 2, True, False), (3, 40, 0, 1, True, False), (3, 40, 0, 1, True, False),
    (6, 80, 3, 2, False, True), (2.5, 80, 3, 1, False, True), (2.3, 80, 3, 1, False, True), (2.3, 80, 3, 1, False, True),
    (6, 112, 3, 1, True, True), (6, 112, 3, 1, True, True), (6, 160, 0, 2, True, True), (6, 160, 0, 1, True, True), (6, 160, 0, 1, True, True),
)


def _mobilenet_v3(spec, last_point_ch, model_type, input_shape, alpha, minimalistic, include_top, weights, input_tensor, classes, pooling, dropout_rate, classifier_activation, include_preprocessing, name):
    extra = (("alpha", alpha), ("minimalistic", minimalistic), ("dropout_rate", dropout_rate), ("include_preprocessing", include_preprocessing))
    if not _check_common(include_top, weights, classes, pooling, input_shape, extra, classifier_activation=classifier_activation):
        return None
    if input_shape is None and input_tensor is not None:
        input_shape = tuple(input_tensor.shape[1:])
    if input_shape is None:
        input_shape = (None, None, 3)
    input_shape = tuple(input_shape)
    if len(input_shape) != 3:
        _unknown("input_shape is not 3-D")
        return None
    rows = input_shape[0]
    cols = input_shape[1]
    if rows and cols and (rows < 32 or cols < 32):
        _refuse("Input size must be at least 32x32; Received `input_shape=" + str(input_shape) + "`")
        return None
    if weights == "imagenet":
        if (not minimalistic and alpha not in (0.75, 1.0)) or (minimalistic and alpha != 1.0):
            _refuse("If imagenet weights are being loaded, alpha can be one of `0.75`, `1.0` for non minimalistic or `1.0` for minimalistic only.")
            return None
    img_input = _input(input_shape, input_tensor)
    if minimalistic:
        kernel = 3
        activation = _v3_relu
        se_ratio = None
    else:
        kernel = 5
        activation = _v3_hard_swish
        se_ratio = 0.25
    x = img_input
    if include_preprocessing:
        x = layers.Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = layers.Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False, name="conv")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name="conv_bn")(x)
    x = activation(x)
    for i in range(len(spec)):
        e, f, k, s, use_se, use_act = spec[i]
        x = _v3_block(x, e, _make_divisible(f * alpha), k or kernel, s, se_ratio if use_se else None, activation if use_act else _v3_relu, i)
    last_conv_ch = _make_divisible(x.shape[-1] * 6)
    if alpha > 1.0:
        last_point_ch = _make_divisible(last_point_ch * alpha)
    x = layers.Conv2D(last_conv_ch, kernel_size=1, padding="same", use_bias=False, name="conv_1")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name="conv_1_bn")(x)
    x = activation(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Conv2D(last_point_ch, kernel_size=1, padding="same", use_bias=True, name="conv_2")(x)
        x = activation(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate)(x)
        x = layers.Conv2D(classes, kernel_size=1, padding="same", name="logits")(x)
        x = layers.Flatten()(x)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling, "avg_pool", "max_pool")
    return _model(img_input, input_tensor, x, name=name)


def _MobileNetV3Small(input_shape=None, alpha=1.0, minimalistic=False, include_top=True, weights="imagenet", input_tensor=None, classes=1000, pooling=None, dropout_rate=0.2, classifier_activation="softmax", include_preprocessing=True, name="MobileNetV3Small"):
    return _mobilenet_v3(_V3_SMALL, 1024, "small", input_shape, alpha, minimalistic, include_top, weights, input_tensor, classes, pooling, dropout_rate, classifier_activation, include_preprocessing, name)


def _MobileNetV3Large(input_shape=None, alpha=1.0, minimalistic=False, include_top=True, weights="imagenet", input_tensor=None, classes=1000, pooling=None, dropout_rate=0.2, classifier_activation="softmax", include_preprocessing=True, name="MobileNetV3Large"):
    return _mobilenet_v3(_V3_LARGE, 1280, "large", input_shape, alpha, minimalistic, include_top, weights, input_tensor, classes, pooling, dropout_rate, classifier_activation, include_preprocessing, name)


# ---- EfficientNet -------------------------------------------------------------------------

_EFF_BLOCKS = (
    (3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2), (3, 3, 40, 80, 6, 2),
    (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2), (3, 1, 192, 320, 6, 1),
)


def _eff_block(inputs, drop_rate, name, filters_in, filters_out, kernel_size, strides, expand_ratio):
    filters = filters_in * expand_ratio
    if expand_ratio != 1:
        x = layers.Conv2D(filters, 1, padding="same", use_bias=False, name=name + "expand_conv")(inputs)
        x = layers.BatchNormalization(axis=3, name=name + "expand_bn")(x)
        x = layers.Activation("swish", name=name + "expand_activation")(x)
    else:
        x = inputs
    if strides == 2:
        x = layers.ZeroPadding2D(padding=_correct_pad(x, kernel_size), name=name + "dwconv_pad")(x)
        conv_pad = "valid"
    else:
        conv_pad = "same"
    x = layers.DepthwiseConv2D(kernel_size, strides=strides, padding=conv_pad, use_bias=False, name=name + "dwconv")(x)
    x = layers.BatchNormalization(axis=3, name=name + "bn")(x)
    x = layers.Activation("swish", name=name + "activation")(x)
    filters_se = max(1, int(filters_in * 0.25))
    se = layers.GlobalAveragePooling2D(name=name + "se_squeeze")(x)
    se = layers.Reshape((1, 1, filters), name=name + "se_reshape")(se)
    se = layers.Conv2D(filters_se, 1, padding="same", activation="swish", name=name + "se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid", name=name + "se_expand")(se)
    x = layers.multiply([x, se], name=name + "se_excite")
    x = layers.Conv2D(filters_out, 1, padding="same", use_bias=False, name=name + "project_conv")(x)
    x = layers.BatchNormalization(axis=3, name=name + "project_bn")(x)
    if strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1), name=name + "drop")(x)
        x = layers.add([x, inputs], name=name + "add")
    return x


def _efficientnet(width, depth, default_size, dropout_rate, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, default_size, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)

    def round_filters(filters):
        filters = filters * width
        new_filters = max(8, int(filters + 4) // 8 * 8)
        if new_filters < 0.9 * filters:
            new_filters += 8
        return int(new_filters)

    def round_repeats(repeats):
        return int(math.ceil(depth * repeats))

    x = layers.Rescaling(1.0 / 255.0)(img_input)
    x = layers.Normalization(axis=3)(x)
    if weights == "imagenet":
        x = layers.Rescaling((1.0 / math.sqrt(0.229), 1.0 / math.sqrt(0.224), 1.0 / math.sqrt(0.225)))(x)
    x = layers.ZeroPadding2D(padding=_correct_pad(x, 3), name="stem_conv_pad")(x)
    x = layers.Conv2D(round_filters(32), 3, strides=2, padding="valid", use_bias=False, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=3, name="stem_bn")(x)
    x = layers.Activation("swish", name="stem_activation")(x)
    b = 0
    blocks = 0
    for a in _EFF_BLOCKS:
        blocks += round_repeats(a[1])
    for i in range(len(_EFF_BLOCKS)):
        kernel_size, repeats, filters_in, filters_out, expand_ratio, strides = _EFF_BLOCKS[i]
        filters_in = round_filters(filters_in)
        filters_out = round_filters(filters_out)
        for j in range(round_repeats(repeats)):
            if j > 0:
                strides = 1
                filters_in = filters_out
            x = _eff_block(x, 0.2 * b / blocks, "block" + str(i + 1) + _LETTERS[j] + "_", filters_in, filters_out, kernel_size, strides, expand_ratio)
            b += 1
    x = layers.Conv2D(round_filters(1280), 1, padding="same", use_bias=False, name="top_conv")(x)
    x = layers.BatchNormalization(axis=3, name="top_bn")(x)
    x = layers.Activation("swish", name="top_activation")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate, name="top_dropout")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling, "avg_pool", "max_pool")
    return _model(img_input, input_tensor, x, name=name)


def _efficientnet_ctor(width, depth, default_size, dropout_rate, model_name):
    def build(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name=model_name):
        return _efficientnet(width, depth, default_size, dropout_rate, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name)
    return build


# ---- EfficientNetV2 -----------------------------------------------------------------------

# (kernel, repeats, in, out, expand, se, strides, fused)
_V2_B = (
    (3, 1, 32, 16, 1, 0.0, 1, True), (3, 2, 16, 32, 4, 0.0, 2, True), (3, 2, 32, 48, 4, 0.0, 2, True),
    (3, 3, 48, 96, 4, 0.25, 2, False), (3, 5, 96, 112, 6, 0.25, 1, False), (3, 8, 112, 192, 6, 0.25, 2, False),
)
_V2_S = (
    (3, 2, 24, 24, 1, 0.0, 1, True), (3, 4, 24, 48, 4, 0.0, 2, True), (3, 4, 48, 64, 4, 0.0, 2, True),
    (3, 6, 64, 128, 4, 0.25, 2, False), (3, 9, 128, 160, 6, 0.25, 1, False), (3, 15, 160, 256, 6, 0.25, 2, False),
)
_V2_M = (
    (3, 3, 24, 24, 1, 0.0, 1, True), (3, 5, 24, 48, 4, 0.0, 2, True), (3, 5, 48, 80, 4, 0.0, 2, True),
    (3, 7, 80, 160, 4, 0.25, 2, False), (3, 14, 160, 176, 6, 0.25, 1, False), (3, 18, 176, 304, 6, 0.25, 2, False),
    (3, 5, 304, 512, 6, 0.25, 1, False),
)
_V2_L = (
    (3, 4, 32, 32, 1, 0.0, 1, True), (3, 7, 32, 64, 4, 0.0, 2, True), (3, 7, 64, 96, 4, 0.0, 2, True),
    (3, 10, 96, 192, 4, 0.25, 2, False), (3, 19, 192, 224, 6, 0.25, 1, False), (3, 25, 224, 384, 6, 0.25, 2, False),
    (3, 7, 384, 640, 6, 0.25, 1, False),
)


def _v2_se(x, filters, input_filters, se_ratio, name):
    filters_se = max(1, int(input_filters * se_ratio))
    se = layers.GlobalAveragePooling2D(name=name + "se_squeeze")(x)
    se = layers.Reshape((1, 1, filters), name=name + "se_reshape")(se)
    se = layers.Conv2D(filters_se, 1, padding="same", activation="swish", name=name + "se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid", name=name + "se_expand")(se)
    return layers.multiply([x, se], name=name + "se_excite")


def _v2_block(inputs, kernel_size, input_filters, output_filters, expand_ratio, se_ratio, strides, fused, survival, name):
    filters = input_filters * expand_ratio
    if fused:
        if expand_ratio != 1:
            x = layers.Conv2D(filters, kernel_size=kernel_size, strides=strides, padding="same", use_bias=False, name=name + "expand_conv")(inputs)
            x = layers.BatchNormalization(axis=3, momentum=0.9, name=name + "expand_bn")(x)
            x = layers.Activation("swish", name=name + "expand_activation")(x)
        else:
            x = inputs
        if 0 < se_ratio <= 1:
            x = _v2_se(x, filters, input_filters, se_ratio, name)
        x = layers.Conv2D(output_filters, kernel_size=1 if expand_ratio != 1 else kernel_size, strides=1 if expand_ratio != 1 else strides, padding="same", use_bias=False, name=name + "project_conv")(x)
        x = layers.BatchNormalization(axis=3, momentum=0.9, name=name + "project_bn")(x)
        if expand_ratio == 1:
            x = layers.Activation("swish", name=name + "project_activation")(x)
    else:
        if expand_ratio != 1:
            x = layers.Conv2D(filters, kernel_size=1, strides=1, padding="same", use_bias=False, name=name + "expand_conv")(inputs)
            x = layers.BatchNormalization(axis=3, momentum=0.9, name=name + "expand_bn")(x)
            x = layers.Activation("swish", name=name + "expand_activation")(x)
        else:
            x = inputs
        x = layers.DepthwiseConv2D(kernel_size=kernel_size, strides=strides, padding="same", use_bias=False, name=name + "dwconv2")(x)
        x = layers.BatchNormalization(axis=3, momentum=0.9, name=name + "bn")(x)
        x = layers.Activation("swish", name=name + "activation")(x)
        if 0 < se_ratio <= 1:
            x = _v2_se(x, filters, input_filters, se_ratio, name)
        x = layers.Conv2D(output_filters, kernel_size=1, strides=1, padding="same", use_bias=False, name=name + "project_conv")(x)
        x = layers.BatchNormalization(axis=3, momentum=0.9, name=name + "project_bn")(x)
    if strides == 1 and input_filters == output_filters:
        if survival:
            x = layers.Dropout(survival, noise_shape=(None, 1, 1, 1), name=name + "drop")(x)
        x = layers.add([x, inputs], name=name + "add")
    return x


def _efficientnet_v2(spec, width, depth, default_size, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, include_preprocessing, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, (("include_preprocessing", include_preprocessing),), classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, default_size, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)

    def round_filters(filters):
        filters = filters * width
        return int(max(8, int(filters + 4) // 8 * 8))

    def round_repeats(repeats):
        return int(math.ceil(depth * repeats))

    x = img_input
    if include_preprocessing:
        if model_name.split("-")[-1].startswith("b") and input_shape[-1] == 3:
            x = layers.Rescaling(scale=1.0 / 255)(x)
            x = layers.Normalization(mean=[0.485, 0.456, 0.406], variance=[0.229 ** 2, 0.224 ** 2, 0.225 ** 2], axis=3)(x)
        else:
            x = layers.Rescaling(scale=1.0 / 128.0, offset=-1)(x)
    x = layers.Conv2D(round_filters(spec[0][2]), kernel_size=3, strides=2, padding="same", use_bias=False, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=3, momentum=0.9, name="stem_bn")(x)
    x = layers.Activation("swish", name="stem_activation")(x)
    b = 0
    blocks = 0
    for a in spec:
        blocks += a[1]
    for i in range(len(spec)):
        kernel_size, repeats, input_filters, output_filters, expand_ratio, se_ratio, strides, fused = spec[i]
        input_filters = round_filters(input_filters)
        output_filters = round_filters(output_filters)
        for j in range(round_repeats(repeats)):
            if j > 0:
                strides = 1
                input_filters = output_filters
            x = _v2_block(x, kernel_size, input_filters, output_filters, expand_ratio, se_ratio, strides, fused, 0.2 * b / blocks, "block" + str(i + 1) + _LETTERS[j] + "_")
            b += 1
    x = layers.Conv2D(round_filters(1280), kernel_size=1, strides=1, padding="same", use_bias=False, name="top_conv")(x)
    x = layers.BatchNormalization(axis=3, momentum=0.9, name="top_bn")(x)
    x = layers.Activation("swish", name="top_activation")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dropout(0.2, name="top_dropout")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling, "avg_pool", "max_pool")
    return _model(img_input, input_tensor, x, name=name)


def _efficientnet_v2_ctor(spec, width, depth, default_size, model_name):
    def build(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", include_preprocessing=True, name=model_name):
        return _efficientnet_v2(spec, width, depth, default_size, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, include_preprocessing, name)
    return build


# ---- DenseNet -----------------------------------------------------------------------------

def _densenet(blocks, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, 224, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for s in range(4):
        stage = "conv" + str(s + 2)
        for i in range(blocks[s]):
            p = stage + "_block" + str(i + 1)
            x1 = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=p + "_0_bn")(x)
            x1 = layers.Activation("relu", name=p + "_0_relu")(x1)
            x1 = layers.Conv2D(128, 1, use_bias=False, name=p + "_1_conv")(x1)
            x1 = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=p + "_1_bn")(x1)
            x1 = layers.Activation("relu", name=p + "_1_relu")(x1)
            x1 = layers.Conv2D(32, 3, padding="same", use_bias=False, name=p + "_2_conv")(x1)
            x = layers.Concatenate(axis=3, name=p + "_concat")([x, x1])
        if s < 3:
            p = "pool" + str(s + 2)
            x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=p + "_bn")(x)
            x = layers.Activation("relu", name=p + "_relu")(x)
            x = layers.Conv2D(int(x.shape[3] * 0.5), 1, use_bias=False, name=p + "_conv")(x)
            x = layers.AveragePooling2D(2, strides=2, name=p + "_pool")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling, "avg_pool", "max_pool")
    return _model(img_input, input_tensor, x, name=name)


def _densenet_ctor(blocks, model_name):
    def build(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name=model_name):
        return _densenet(blocks, model_name, include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name)
    return build


# ---- Xception -----------------------------------------------------------------------------

def _Xception(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name="xception"):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, 299, 71, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=-1, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=-1, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)
    for blk, filters in ((2, 128), (3, 256), (4, 728)):
        p = "block" + str(blk)
        residual = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding="same", use_bias=False)(x)
        residual = layers.BatchNormalization(axis=-1)(residual)
        if blk > 2:
            x = layers.Activation("relu", name=p + "_sepconv1_act")(x)
        x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=p + "_sepconv1")(x)
        x = layers.BatchNormalization(axis=-1, name=p + "_sepconv1_bn")(x)
        x = layers.Activation("relu", name=p + "_sepconv2_act")(x)
        x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=p + "_sepconv2")(x)
        x = layers.BatchNormalization(axis=-1, name=p + "_sepconv2_bn")(x)
        x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=p + "_pool")(x)
        x = layers.add([x, residual])
    for i in range(8):
        residual = x
        p = "block" + str(i + 5)
        for k in (1, 2, 3):
            x = layers.Activation("relu", name=p + "_sepconv" + str(k) + "_act")(x)
            x = layers.SeparableConv2D(728, (3, 3), padding="same", use_bias=False, name=p + "_sepconv" + str(k))(x)
            x = layers.BatchNormalization(axis=-1, name=p + "_sepconv" + str(k) + "_bn")(x)
        x = layers.add([x, residual])
    residual = layers.Conv2D(1024, (1, 1), strides=(2, 2), padding="same", use_bias=False)(x)
    residual = layers.BatchNormalization(axis=-1)(residual)
    x = layers.Activation("relu", name="block13_sepconv1_act")(x)
    x = layers.SeparableConv2D(728, (3, 3), padding="same", use_bias=False, name="block13_sepconv1")(x)
    x = layers.BatchNormalization(axis=-1, name="block13_sepconv1_bn")(x)
    x = layers.Activation("relu", name="block13_sepconv2_act")(x)
    x = layers.SeparableConv2D(1024, (3, 3), padding="same", use_bias=False, name="block13_sepconv2")(x)
    x = layers.BatchNormalization(axis=-1, name="block13_sepconv2_bn")(x)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name="block13_pool")(x)
    x = layers.add([x, residual])
    x = layers.SeparableConv2D(1536, (3, 3), padding="same", use_bias=False, name="block14_sepconv1")(x)
    x = layers.BatchNormalization(axis=-1, name="block14_sepconv1_bn")(x)
    x = layers.Activation("relu", name="block14_sepconv1_act")(x)
    x = layers.SeparableConv2D(2048, (3, 3), padding="same", use_bias=False, name="block14_sepconv2")(x)
    x = layers.BatchNormalization(axis=-1, name="block14_sepconv2_bn")(x)
    x = layers.Activation("relu", name="block14_sepconv2_act")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    return _model(img_input, input_tensor, x, name=name)


# ---- InceptionV3 --------------------------------------------------------------------------

def _cbn(x, filters, num_row, num_col, padding="same", strides=(1, 1), name=None):
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding, use_bias=False, name=None if name is None else name + "_conv")(x)
    x = layers.BatchNormalization(axis=3, scale=False, name=None if name is None else name + "_bn")(x)
    return layers.Activation("relu", name=name)(x)


def _InceptionV3(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name="inception_v3"):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, 299, 75, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = _cbn(img_input, 32, 3, 3, strides=(2, 2), padding="valid")
    x = _cbn(x, 32, 3, 3, padding="valid")
    x = _cbn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = _cbn(x, 80, 1, 1, padding="valid")
    x = _cbn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    for i, pool_filters in ((0, 32), (1, 64), (2, 64)):
        b1 = _cbn(x, 64, 1, 1)
        b5 = _cbn(x, 48, 1, 1)
        b5 = _cbn(b5, 64, 5, 5)
        b3 = _cbn(x, 64, 1, 1)
        b3 = _cbn(b3, 96, 3, 3)
        b3 = _cbn(b3, 96, 3, 3)
        bp = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
        bp = _cbn(bp, pool_filters, 1, 1)
        x = layers.concatenate([b1, b5, b3, bp], axis=3, name="mixed" + str(i))
    b3 = _cbn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    bd = _cbn(x, 64, 1, 1)
    bd = _cbn(bd, 96, 3, 3)
    bd = _cbn(bd, 96, 3, 3, strides=(2, 2), padding="valid")
    bp = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = layers.concatenate([b3, bd, bp], axis=3, name="mixed3")
    for i, c in ((4, 128), (5, 160), (6, 160), (7, 192)):
        b1 = _cbn(x, 192, 1, 1)
        b7 = _cbn(x, c, 1, 1)
        b7 = _cbn(b7, c, 1, 7)
        b7 = _cbn(b7, 192, 7, 1)
        bd = _cbn(x, c, 1, 1)
        bd = _cbn(bd, c, 7, 1)
        bd = _cbn(bd, c, 1, 7)
        bd = _cbn(bd, c, 7, 1)
        bd = _cbn(bd, 192, 1, 7)
        bp = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
        bp = _cbn(bp, 192, 1, 1)
        x = layers.concatenate([b1, b7, bd, bp], axis=3, name="mixed" + str(i))
    b3 = _cbn(x, 192, 1, 1)
    b3 = _cbn(b3, 320, 3, 3, strides=(2, 2), padding="valid")
    b7 = _cbn(x, 192, 1, 1)
    b7 = _cbn(b7, 192, 1, 7)
    b7 = _cbn(b7, 192, 7, 1)
    b7 = _cbn(b7, 192, 3, 3, strides=(2, 2), padding="valid")
    bp = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = layers.concatenate([b3, b7, bp], axis=3, name="mixed8")
    for i in range(2):
        b1 = _cbn(x, 320, 1, 1)
        b3 = _cbn(x, 384, 1, 1)
        b3a = _cbn(b3, 384, 1, 3)
        b3b = _cbn(b3, 384, 3, 1)
        b3 = layers.concatenate([b3a, b3b], axis=3, name="mixed9_" + str(i))
        bd = _cbn(x, 448, 1, 1)
        bd = _cbn(bd, 384, 3, 3)
        bda = _cbn(bd, 384, 1, 3)
        bdb = _cbn(bd, 384, 3, 1)
        bd = layers.concatenate([bda, bdb], axis=3)
        bp = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
        bp = _cbn(bp, 192, 1, 1)
        x = layers.concatenate([b1, b3, bd, bp], axis=3, name="mixed" + str(9 + i))
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    return _model(img_input, input_tensor, x, name=name)


# ---- InceptionResNetV2 --------------------------------------------------------------------

class CustomScaleLayer(layers.Layer):
    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, inputs):
        return inputs[0] + inputs[1] * self.scale


def _irv2_cbn(x, filters, kernel_size, strides=1, padding="same", activation="relu", use_bias=False, name=None):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=3, scale=False, name=None if name is None else name + "_bn")(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else name + "_ac")(x)
    return x


def _irv2_block(x, scale, block_type, block_idx, activation="relu"):
    if block_type == "block35":
        b0 = _irv2_cbn(x, 32, 1)
        b1 = _irv2_cbn(x, 32, 1)
        b1 = _irv2_cbn(b1, 32, 3)
        b2 = _irv2_cbn(x, 32, 1)
        b2 = _irv2_cbn(b2, 48, 3)
        b2 = _irv2_cbn(b2, 64, 3)
        branches = [b0, b1, b2]
    elif block_type == "block17":
        b0 = _irv2_cbn(x, 192, 1)
        b1 = _irv2_cbn(x, 128, 1)
        b1 = _irv2_cbn(b1, 160, [1, 7])
        b1 = _irv2_cbn(b1, 192, [7, 1])
        branches = [b0, b1]
    else:
        b0 = _irv2_cbn(x, 192, 1)
        b1 = _irv2_cbn(x, 192, 1)
        b1 = _irv2_cbn(b1, 224, [1, 3])
        b1 = _irv2_cbn(b1, 256, [3, 1])
        branches = [b0, b1]
    block_name = block_type + "_" + str(block_idx)
    mixed = layers.Concatenate(axis=3, name=block_name + "_mixed")(branches)
    up = _irv2_cbn(mixed, x.shape[3], 1, activation=None, use_bias=True, name=block_name + "_conv")
    x = CustomScaleLayer(scale)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=block_name + "_ac")(x)
    return x


def _InceptionResNetV2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name="inception_resnet_v2"):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, 299, 75, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = _irv2_cbn(img_input, 32, 3, strides=2, padding="valid")
    x = _irv2_cbn(x, 32, 3, padding="valid")
    x = _irv2_cbn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = _irv2_cbn(x, 80, 1, padding="valid")
    x = _irv2_cbn(x, 192, 3, padding="valid")
    x = layers.MaxPooling2D(3, strides=2)(x)
    b0 = _irv2_cbn(x, 96, 1)
    b1 = _irv2_cbn(x, 48, 1)
    b1 = _irv2_cbn(b1, 64, 5)
    b2 = _irv2_cbn(x, 64, 1)
    b2 = _irv2_cbn(b2, 96, 3)
    b2 = _irv2_cbn(b2, 96, 3)
    bp = layers.AveragePooling2D(3, strides=1, padding="same")(x)
    bp = _irv2_cbn(bp, 64, 1)
    x = layers.Concatenate(axis=3, name="mixed_5b")([b0, b1, b2, bp])
    for block_idx in range(1, 11):
        x = _irv2_block(x, 0.17, "block35", block_idx)
    b0 = _irv2_cbn(x, 384, 3, strides=2, padding="valid")
    b1 = _irv2_cbn(x, 256, 1)
    b1 = _irv2_cbn(b1, 256, 3)
    b1 = _irv2_cbn(b1, 384, 3, strides=2, padding="valid")
    bp = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    x = layers.Concatenate(axis=3, name="mixed_6a")([b0, b1, bp])
    for block_idx in range(1, 21):
        x = _irv2_block(x, 0.1, "block17", block_idx)
    b0 = _irv2_cbn(x, 256, 1)
    b0 = _irv2_cbn(b0, 384, 3, strides=2, padding="valid")
    b1 = _irv2_cbn(x, 256, 1)
    b1 = _irv2_cbn(b1, 288, 3, strides=2, padding="valid")
    b2 = _irv2_cbn(x, 256, 1)
    b2 = _irv2_cbn(b2, 288, 3)
    b2 = _irv2_cbn(b2, 320, 3, strides=2, padding="valid")
    bp = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    x = layers.Concatenate(axis=3, name="mixed_7a")([b0, b1, b2, bp])
    for block_idx in range(1, 10):
        x = _irv2_block(x, 0.2, "block8", block_idx)
    x = _irv2_block(x, 1.0, "block8", 10, activation=None)
    x = _irv2_cbn(x, 1536, 1, name="conv_7b")
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    return _model(img_input, input_tensor, x, name=name)


# ---- NASNet -------------------------------------------------------------------------------

def _nas_sep(ip, filters, kernel_size=(3, 3), strides=(1, 1), block_id=None):
    x = layers.Activation("relu")(ip)
    if strides == (2, 2):
        x = layers.ZeroPadding2D(padding=_correct_pad(x, kernel_size), name="separable_conv_1_pad_" + block_id)(x)
        conv_pad = "valid"
    else:
        conv_pad = "same"
    x = layers.SeparableConv2D(filters, kernel_size, strides=strides, name="separable_conv_1_" + block_id, padding=conv_pad, use_bias=False)(x)
    x = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="separable_conv_1_bn_" + block_id)(x)
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, kernel_size, name="separable_conv_2_" + block_id, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="separable_conv_2_bn_" + block_id)(x)
    return x


def _nas_adjust(p, ip, filters, block_id):
    if p is None:
        return ip
    if p.shape[-2] != ip.shape[-2]:
        p = layers.Activation("relu", name="adjust_relu_1_" + block_id)(p)
        p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid", name="adjust_avg_pool_1_" + block_id)(p)
        p1 = layers.Conv2D(filters // 2, (1, 1), padding="same", use_bias=False, name="adjust_conv_1_" + block_id)(p1)
        p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
        p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
        p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid", name="adjust_avg_pool_2_" + block_id)(p2)
        p2 = layers.Conv2D(filters // 2, (1, 1), padding="same", use_bias=False, name="adjust_conv_2_" + block_id)(p2)
        p = layers.concatenate([p1, p2], axis=-1)
        p = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="adjust_bn_" + block_id)(p)
    elif p.shape[-1] != filters:
        p = layers.Activation("relu")(p)
        p = layers.Conv2D(filters, (1, 1), strides=(1, 1), padding="same", name="adjust_conv_projection_" + block_id, use_bias=False)(p)
        p = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="adjust_bn_" + block_id)(p)
    return p


def _nas_normal(ip, p, filters, block_id):
    p = _nas_adjust(p, ip, filters, block_id)
    h = layers.Activation("relu")(ip)
    h = layers.Conv2D(filters, (1, 1), strides=(1, 1), padding="same", name="normal_conv_1_" + block_id, use_bias=False)(h)
    h = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="normal_bn_1_" + block_id)(h)
    x1_1 = _nas_sep(h, filters, kernel_size=(5, 5), block_id="normal_left1_" + block_id)
    x1_2 = _nas_sep(p, filters, block_id="normal_right1_" + block_id)
    x1 = layers.add([x1_1, x1_2], name="normal_add_1_" + block_id)
    x2_1 = _nas_sep(p, filters, (5, 5), block_id="normal_left2_" + block_id)
    x2_2 = _nas_sep(p, filters, (3, 3), block_id="normal_right2_" + block_id)
    x2 = layers.add([x2_1, x2_2], name="normal_add_2_" + block_id)
    x3 = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same", name="normal_left3_" + block_id)(h)
    x3 = layers.add([x3, p], name="normal_add_3_" + block_id)
    x4_1 = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same", name="normal_left4_" + block_id)(p)
    x4_2 = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same", name="normal_right4_" + block_id)(p)
    x4 = layers.add([x4_1, x4_2], name="normal_add_4_" + block_id)
    x5 = _nas_sep(h, filters, block_id="normal_left5_" + block_id)
    x5 = layers.add([x5, h], name="normal_add_5_" + block_id)
    x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=-1, name="normal_concat_" + block_id)
    return x, ip


def _nas_reduction(ip, p, filters, block_id):
    p = _nas_adjust(p, ip, filters, block_id)
    h = layers.Activation("relu")(ip)
    h = layers.Conv2D(filters, (1, 1), strides=(1, 1), padding="same", name="reduction_conv_1_" + block_id, use_bias=False)(h)
    h = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="reduction_bn_1_" + block_id)(h)
    h3 = layers.ZeroPadding2D(padding=_correct_pad(h, 3), name="reduction_pad_1_" + block_id)(h)
    x1_1 = _nas_sep(h, filters, (5, 5), strides=(2, 2), block_id="reduction_left1_" + block_id)
    x1_2 = _nas_sep(p, filters, (7, 7), strides=(2, 2), block_id="reduction_right1_" + block_id)
    x1 = layers.add([x1_1, x1_2], name="reduction_add_1_" + block_id)
    x2_1 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid", name="reduction_left2_" + block_id)(h3)
    x2_2 = _nas_sep(p, filters, (7, 7), strides=(2, 2), block_id="reduction_right2_" + block_id)
    x2 = layers.add([x2_1, x2_2], name="reduction_add_2_" + block_id)
    x3_1 = layers.AveragePooling2D((3, 3), strides=(2, 2), padding="valid", name="reduction_left3_" + block_id)(h3)
    x3_2 = _nas_sep(p, filters, (5, 5), strides=(2, 2), block_id="reduction_right3_" + block_id)
    x3 = layers.add([x3_1, x3_2], name="reduction_add3_" + block_id)
    x4 = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same", name="reduction_left4_" + block_id)(x1)
    x4 = layers.add([x2, x4])
    x5_1 = _nas_sep(x1, filters, (3, 3), block_id="reduction_left4_" + block_id)
    x5_2 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid", name="reduction_right5_" + block_id)(h3)
    x5 = layers.add([x5_1, x5_2], name="reduction_add4_" + block_id)
    x = layers.concatenate([x2, x3, x4, x5], axis=-1, name="reduction_concat_" + block_id)
    return x, ip


def _nasnet(input_shape, penultimate_filters, num_blocks, stem_block_filters, skip_reduction, filter_multiplier, include_top, weights, input_tensor, pooling, classes, default_size, classifier_activation, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, classifier_activation=classifier_activation):
        return None
    if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
        _refuse("When specifying the input shape of a NASNet and loading `ImageNet` weights, the input_shape argument must be static (no None entries). Got: `input_shape=" + str(input_shape) + "`.")
        return None
    input_shape = _input_shape(input_shape, default_size, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding="valid", use_bias=False, name="stem_conv1")(img_input)
    x = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="stem_bn1")(x)
    p = None
    x, p = _nas_reduction(x, p, filters // (filter_multiplier ** 2), "stem_1")
    x, p = _nas_reduction(x, p, filters // filter_multiplier, "stem_2")
    for i in range(num_blocks):
        x, p = _nas_normal(x, p, filters, str(i))
    x, p0 = _nas_reduction(x, p, filters * filter_multiplier, "reduce_" + str(num_blocks))
    p = p if skip_reduction else p0
    for i in range(num_blocks):
        x, p = _nas_normal(x, p, filters * filter_multiplier, str(num_blocks + i + 1))
    x, p0 = _nas_reduction(x, p, filters * filter_multiplier ** 2, "reduce_" + str(2 * num_blocks))
    p = p if skip_reduction else p0
    for i in range(num_blocks):
        x, p = _nas_normal(x, p, filters * filter_multiplier ** 2, str(2 * num_blocks + i + 1))
    x = layers.Activation("relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _pool(x, pooling)
    return _model(img_input, input_tensor, x, name=name)


_NASNET_TORCH = "Keras 3 refuses NASNet with the torch backend (it builds with TensorFlow and JAX)"


def _NASNetMobile(input_shape=None, include_top=True, weights="imagenet", input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax", name="nasnet_mobile"):
    _note(_NASNET_TORCH)
    if not include_top and input_shape is None:
        input_shape = (224, 224, 3)
    return _nasnet(input_shape, 1056, 4, 32, False, 2, include_top, weights, input_tensor, pooling, classes, 224, classifier_activation, name)


def _NASNetLarge(input_shape=None, include_top=True, weights="imagenet", input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax", name="nasnet_large"):
    _note(_NASNET_TORCH)
    return _nasnet(input_shape, 4032, 6, 96, True, 2, include_top, weights, input_tensor, pooling, classes, 331, classifier_activation, name)


# ---- ConvNeXt -----------------------------------------------------------------------------

class LayerScale(layers.Layer):
    def __init__(self, init_values, projection_dim, **kwargs):
        super().__init__(**kwargs)
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(self.projection_dim,), trainable=True)

    def call(self, x):
        return x * self.gamma


def _convnext(depths, dims, default_size, model_name, include_top, include_preprocessing, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name):
    if not _check_common(include_top, weights, classes, pooling, input_shape, (("include_preprocessing", include_preprocessing),), classifier_activation=classifier_activation):
        return None
    input_shape = _input_shape(input_shape, default_size, 32, include_top, weights)
    if input_shape is None:
        return None
    img_input = _input(input_shape, input_tensor)
    x = img_input
    if include_preprocessing and input_shape[-1] == 3:
        x = layers.Normalization(mean=[0.485 * 255, 0.456 * 255, 0.406 * 255], variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2], name=name + "_prestem_normalization")(x)
    downsample = [Sequential([
        layers.Conv2D(dims[0], kernel_size=4, strides=4, name=name + "_stem_conv"),
        layers.LayerNormalization(epsilon=1e-6, name=name + "_stem_layernorm"),
    ], name=name + "_stem")]
    for i in range(3):
        downsample.append(Sequential([
            layers.LayerNormalization(epsilon=1e-6, name=name + "_downsampling_layernorm_" + str(i)),
            layers.Conv2D(dims[i + 1], kernel_size=2, strides=2, name=name + "_downsampling_conv_" + str(i)),
        ], name=name + "_downsampling_block_" + str(i)))
    for i in range(4):
        x = downsample[i](x)
        for j in range(depths[i]):
            p = name + "_stage_" + str(i) + "_block_" + str(j)
            inputs = x
            x = layers.Conv2D(filters=dims[i], kernel_size=7, padding="same", groups=dims[i], name=p + "_depthwise_conv")(x)
            x = layers.LayerNormalization(epsilon=1e-6, name=p + "_layernorm")(x)
            x = layers.Dense(4 * dims[i], name=p + "_pointwise_conv_1")(x)
            x = layers.Activation("gelu", name=p + "_gelu")(x)
            x = layers.Dense(dims[i], name=p + "_pointwise_conv_2")(x)
            x = LayerScale(1e-6, dims[i], name=p + "_layer_scale")(x)
            x = inputs + layers.Activation("linear", name=p + "_identity")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name=name + "_head_gap")(x)
        x = layers.LayerNormalization(epsilon=1e-6, name=name + "_head_layernorm")(x)
        x = layers.Dense(classes, activation=classifier_activation, name=name + "_head_dense")(x)
    else:
        x = _pool(x, pooling)
        x = layers.LayerNormalization(epsilon=1e-6)(x)
    return _model(img_input, input_tensor, x, name=name)


def _convnext_ctor(depths, dims, model_name):
    def build(include_top=True, include_preprocessing=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", name=model_name):
        return _convnext(depths, dims, 224, model_name, include_top, include_preprocessing, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name)
    return build


# ---- public constructors ------------------------------------------------------------------

VGG16 = _app("VGG16", _VGG16)
VGG19 = _app("VGG19", _VGG19)
ResNet50 = _app("ResNet50", _resnet_ctor((3, 4, 6, 3), False, "resnet50"))
ResNet101 = _app("ResNet101", _resnet_ctor((3, 4, 23, 3), False, "resnet101"))
ResNet152 = _app("ResNet152", _resnet_ctor((3, 8, 36, 3), False, "resnet152"))
ResNet50V2 = _app("ResNet50V2", _resnet_ctor((3, 4, 6, 3), True, "resnet50v2"))
ResNet101V2 = _app("ResNet101V2", _resnet_ctor((3, 4, 23, 3), True, "resnet101v2"))
ResNet152V2 = _app("ResNet152V2", _resnet_ctor((3, 8, 36, 3), True, "resnet152v2"))
MobileNet = _app("MobileNet", _MobileNet)
MobileNetV2 = _app("MobileNetV2", _MobileNetV2)
MobileNetV3Small = _app("MobileNetV3Small", _MobileNetV3Small)
MobileNetV3Large = _app("MobileNetV3Large", _MobileNetV3Large)
EfficientNetB0 = _app("EfficientNetB0", _efficientnet_ctor(1.0, 1.0, 224, 0.2, "efficientnetb0"))
EfficientNetB1 = _app("EfficientNetB1", _efficientnet_ctor(1.0, 1.1, 240, 0.2, "efficientnetb1"))
EfficientNetB2 = _app("EfficientNetB2", _efficientnet_ctor(1.1, 1.2, 260, 0.3, "efficientnetb2"))
EfficientNetB3 = _app("EfficientNetB3", _efficientnet_ctor(1.2, 1.4, 300, 0.3, "efficientnetb3"))
EfficientNetB4 = _app("EfficientNetB4", _efficientnet_ctor(1.4, 1.8, 380, 0.4, "efficientnetb4"))
EfficientNetB5 = _app("EfficientNetB5", _efficientnet_ctor(1.6, 2.2, 456, 0.4, "efficientnetb5"))
EfficientNetB6 = _app("EfficientNetB6", _efficientnet_ctor(1.8, 2.6, 528, 0.5, "efficientnetb6"))
EfficientNetB7 = _app("EfficientNetB7", _efficientnet_ctor(2.0, 3.1, 600, 0.5, "efficientnetb7"))
EfficientNetV2B0 = _app("EfficientNetV2B0", _efficientnet_v2_ctor(_V2_B, 1.0, 1.0, 224, "efficientnetv2-b0"))
EfficientNetV2B1 = _app("EfficientNetV2B1", _efficientnet_v2_ctor(_V2_B, 1.0, 1.1, 240, "efficientnetv2-b1"))
EfficientNetV2B2 = _app("EfficientNetV2B2", _efficientnet_v2_ctor(_V2_B, 1.1, 1.2, 260, "efficientnetv2-b2"))
EfficientNetV2B3 = _app("EfficientNetV2B3", _efficientnet_v2_ctor(_V2_B, 1.2, 1.4, 300, "efficientnetv2-b3"))
EfficientNetV2S = _app("EfficientNetV2S", _efficientnet_v2_ctor(_V2_S, 1.0, 1.0, 384, "efficientnetv2-s"))
EfficientNetV2M = _app("EfficientNetV2M", _efficientnet_v2_ctor(_V2_M, 1.0, 1.0, 480, "efficientnetv2-m"))
EfficientNetV2L = _app("EfficientNetV2L", _efficientnet_v2_ctor(_V2_L, 1.0, 1.0, 480, "efficientnetv2-l"))
DenseNet121 = _app("DenseNet121", _densenet_ctor((6, 12, 24, 16), "densenet121"))
DenseNet169 = _app("DenseNet169", _densenet_ctor((6, 12, 32, 32), "densenet169"))
DenseNet201 = _app("DenseNet201", _densenet_ctor((6, 12, 48, 32), "densenet201"))
Xception = _app("Xception", _Xception)
InceptionV3 = _app("InceptionV3", _InceptionV3)
ConvNeXtTiny = _app("ConvNeXtTiny", _convnext_ctor((3, 3, 9, 3), (96, 192, 384, 768), "convnext_tiny"))
ConvNeXtSmall = _app("ConvNeXtSmall", _convnext_ctor((3, 3, 27, 3), (96, 192, 384, 768), "convnext_small"))
ConvNeXtBase = _app("ConvNeXtBase", _convnext_ctor((3, 3, 27, 3), (128, 256, 512, 1024), "convnext_base"))
ConvNeXtLarge = _app("ConvNeXtLarge", _convnext_ctor((3, 3, 27, 3), (192, 384, 768, 1536), "convnext_large"))
ConvNeXtXLarge = _app("ConvNeXtXLarge", _convnext_ctor((3, 3, 27, 3), (256, 512, 1024, 2048), "convnext_xlarge"))
NASNetMobile = _app("NASNetMobile", _NASNetMobile)
NASNetLarge = _app("NASNetLarge", _NASNetLarge)
InceptionResNetV2 = _app("InceptionResNetV2", _InceptionResNetV2)
# Not described as source (Keras 3 has them): listed as applications with unknown totals.
ResNetRS50 = _undescribed("ResNetRS50")
ResNetRS101 = _undescribed("ResNetRS101")
ResNetRS152 = _undescribed("ResNetRS152")
ResNetRS200 = _undescribed("ResNetRS200")
ResNetRS270 = _undescribed("ResNetRS270")
ResNetRS350 = _undescribed("ResNetRS350")
ResNetRS420 = _undescribed("ResNetRS420")
RegNetX002 = _undescribed("RegNetX002")
RegNetX004 = _undescribed("RegNetX004")
RegNetX006 = _undescribed("RegNetX006")
RegNetX008 = _undescribed("RegNetX008")
RegNetX016 = _undescribed("RegNetX016")
RegNetX032 = _undescribed("RegNetX032")
RegNetX040 = _undescribed("RegNetX040")
RegNetX064 = _undescribed("RegNetX064")
RegNetX080 = _undescribed("RegNetX080")
RegNetX120 = _undescribed("RegNetX120")
RegNetX160 = _undescribed("RegNetX160")
RegNetX320 = _undescribed("RegNetX320")
RegNetY002 = _undescribed("RegNetY002")
RegNetY004 = _undescribed("RegNetY004")
RegNetY006 = _undescribed("RegNetY006")
RegNetY008 = _undescribed("RegNetY008")
RegNetY016 = _undescribed("RegNetY016")
RegNetY032 = _undescribed("RegNetY032")
RegNetY040 = _undescribed("RegNetY040")
RegNetY064 = _undescribed("RegNetY064")
RegNetY080 = _undescribed("RegNetY080")
RegNetY120 = _undescribed("RegNetY120")
RegNetY160 = _undescribed("RegNetY160")
RegNetY320 = _undescribed("RegNetY320")
