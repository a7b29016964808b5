# Stand-in text for torchvision.models._api (0.13+), appended after the installed module ran: weights are never
# loaded (a state dict is what the model already has, so counts do not change), and a weights
# name ("DEFAULT", "ResNet50_Weights.IMAGENET1K_V2") is the enum's attribute.
# Does not: download anything or read files.
def load_state_dict_from_url(*args, **kwargs):
    return {}


class WeightsEnum(Enum):
    @classmethod
    def verify(cls, obj):
        if obj is not None and type(obj) is str:
            obj = getattr(cls, obj.replace(cls.__name__ + ".", ""))
        return obj

    def get_state_dict(self, *args, **kwargs):
        return {}

    @property
    def url(self):
        return self.value.url

    @property
    def transforms(self):
        return self.value.transforms

    @property
    def meta(self):
        return self.value.meta
