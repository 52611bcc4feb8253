"""Writes golden-state-dict.pkl: the data.pkl torch.save would write for a small GP-UNIT-like
checkpoint, produced by CPython's own pickler (protocol 2, as torch.serialization uses) with
stand-ins for the torch classes, so the bytes are exactly what torch emits without needing torch.

The stand-ins reproduce what torch.save pickles: Tensor.__reduce_ex__ returns
(torch._utils._rebuild_tensor_v2, (storage, offset, tuple(size), stride, requires_grad,
OrderedDict())), storages go out as persistent ids ('storage', torch.<T>Storage, key, 'cpu', numel),
and state_dict() attaches an OrderedDict `_metadata` attribute. Run: python3 make_golden_pickle.py
"""
import collections
import io
import pickle
import sys
import types

torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
sys.modules["torch"], sys.modules["torch._utils"] = torch, torch_utils
torch._utils = torch_utils


class _Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


for name in ("FloatStorage", "HalfStorage", "LongStorage"):
    cls = type(name, (_Storage,), {"__module__": "torch"})
    setattr(torch, name, cls)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks):
    raise AssertionError("only pickled here")


_rebuild_tensor_v2.__module__ = "torch._utils"
torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2


class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, tuple(size), tuple(stride))

    def __reduce_ex__(self, proto):
        return (_rebuild_tensor_v2, self.args + (False, collections.OrderedDict()))


def persistent_id(obj):
    if isinstance(obj, _Storage):
        return ("storage", type(obj), obj.key, "cpu", obj.numel)
    return None


def state_dict(entries, modules):
    sd = collections.OrderedDict(entries)
    sd._metadata = collections.OrderedDict((m, {"version": 1}) for m in modules)
    return sd


# Storage keys are assigned in first-use order, as torch.save does.
conv_w = torch.FloatStorage("0", 6)    # conv.weight [2,3] and conv.bias [3] (offset 3) share it
steps = torch.LongStorage("1", 1)      # a 0-dim int64 buffer
half = torch.HalfStorage("2", 6)       # fc.weight: a [3,2] transposed view of a [2,3] tensor
g_ema = state_dict(
    [
        ("conv.weight", Tensor(conv_w, 0, (2, 3), (3, 1))),
        ("conv.bias", Tensor(conv_w, 3, (3,), (1,))),
        ("bn.num_batches_tracked", Tensor(steps, 0, (), ())),
    ],
    ["", "conv", "bn"],
)
sampler = state_dict([("fc.weight", Tensor(half, 0, (3, 2), (1, 3)))], ["", "fc"])

buf = io.BytesIO()
pickler = pickle.Pickler(buf, protocol=2)
pickler.persistent_id = persistent_id
pickler.dump({"g_ema": g_ema, "sampler": sampler})
with open("golden-state-dict.pkl", "wb") as f:
    f.write(buf.getvalue())
