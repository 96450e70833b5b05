#!/usr/bin/env python3
"""Builds, briefly trains and exports the ONNX test fixtures (tests/Fixtures/onnx/*.onnx).

Real PyTorch exports of four small MNIST classifiers, one per layer family the importer supports:

  mobilenet.onnx  depthwise-separable blocks (depthwise Conv group=C, stride 2), Clip (ReLU6), Reshape, Gemm
  resnet.onnx     two residual blocks (Add), the second with a stride-2 1x1 convolution shortcut, Flatten, Gemm
  grouped.onnx    grouped Conv (group=4), dilated Conv, Concat along channels, LeakyRelu, HardSwish, Tanh,
                  AveragePool, Squeeze, MatMul + Add
  lenet.onnx      LeNet-5 style: Conv, MaxPool, Flatten, three Gemm layers, Dropout (removed by the export)

Inputs are MNIST pixels scaled to [0, 1] (no mean subtraction), shape (N, 1, 28, 28) with a free batch
dimension; outputs are 10 logits. Training is seeded (torch, numpy); each model sees --epochs passes (default 3)
over the first --train-images training images (default 60,000) with Adam and a one-cycle learning rate. The
checked-in files were made with --epochs 1 (mobilenet on 60,000 images, the others with --train-images 20000).

Usage (from the repository root, MNIST IDX files in data/mnist):
    /usr/bin/python3 scripts/onnx-fixtures/make_fixtures.py [--data data/mnist] [--out tests/Fixtures/onnx]

Needs the Debian packages python3-torch, python3-onnx and python3-numpy. Tests and CI only read the
checked-in .onnx files and do not need PyTorch.
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load_mnist(folder):
    def pick(stem):
        for name in (stem, stem + ".gz"):
            p = os.path.join(folder, name)
            if os.path.exists(p):
                return p
        raise FileNotFoundError(os.path.join(folder, stem))

    xtr = read_idx(pick("train-images-idx3-ubyte")).astype(np.float32) / 255.0
    ytr = read_idx(pick("train-labels-idx1-ubyte")).astype(np.int64)
    xte = read_idx(pick("t10k-images-idx3-ubyte")).astype(np.float32) / 255.0
    yte = read_idx(pick("t10k-labels-idx1-ubyte")).astype(np.int64)
    return (torch.from_numpy(xtr[:, None]), torch.from_numpy(ytr),
            torch.from_numpy(xte[:, None]), torch.from_numpy(yte))


def conv_bn(cin, cout, k, stride=1, groups=1, dilation=1):
    pad = dilation * (k // 2)
    return [nn.Conv2d(cin, cout, k, stride, pad, dilation=dilation, groups=groups, bias=False), nn.BatchNorm2d(cout)]


class MobileNetStyle(nn.Module):
    """Stem conv, then depthwise (stride 2) + pointwise blocks with ReLU6, global average pooling, linear."""

    def __init__(self):
        super().__init__()
        layers = conv_bn(1, 16, 3) + [nn.ReLU6()]
        for cin, cout, stride in ((16, 32, 2), (32, 64, 2)):
            layers += conv_bn(cin, cin, 3, stride, groups=cin) + [nn.ReLU6()]
            layers += conv_bn(cin, cout, 1) + [nn.ReLU6()]
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.pool(self.features(x))
        return self.fc(x.reshape(-1, 64))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(cin, cout, 3, stride), nn.ReLU(), *conv_bn(cout, cout, 3))
        self.shortcut = nn.Sequential(*conv_bn(cin, cout, 1, stride)) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


class SmallResNet(nn.Module):
    """Stem conv + max pooling, an identity block, a stride-2 block with a 1x1 convolution shortcut."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.block1 = BasicBlock(16, 16, 1)
        self.block2 = BasicBlock(16, 32, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = self.block2(self.block1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class GroupedConcat(nn.Module):
    """Grouped 3x3 conv (4 groups), two branches (1x1 conv; dilated 3x3 conv) concatenated along channels."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.LeakyReLU(0.1), nn.MaxPool2d(2))
        self.grouped = nn.Sequential(*conv_bn(16, 32, 3, groups=4), nn.Hardswish())
        self.branch_a = nn.Sequential(nn.Conv2d(32, 16, 1), nn.ReLU())
        self.branch_b = nn.Sequential(nn.Conv2d(32, 16, 3, padding=2, dilation=2), nn.Tanh())
        self.pool = nn.AvgPool2d(2)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.weight = nn.Parameter(torch.randn(32, 10) * 0.1)
        self.bias = nn.Parameter(torch.zeros(10))

    def forward(self, x):
        x = self.grouped(self.stem(x))
        x = torch.cat([self.branch_a(x), self.branch_b(x)], dim=1)
        x = self.gap(self.pool(x)).squeeze(3).squeeze(2)
        return torch.matmul(x, self.weight) + self.bias


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Dropout(0.2),
                                        nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


# name -> (constructor, ONNX opset of the export); the opsets span the range the importer reads.
MODELS = {
    "mobilenet": (MobileNetStyle, 11),
    "resnet": (SmallResNet, 17),
    "grouped": (GroupedConcat, 14),
    "lenet": (LeNet, 9),
}


def train(model, xtr, ytr, seed, epochs=1, batch=128, lr=3e-3):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * (len(xtr) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(xtr), generator=g)
        for i in range(len(xtr) // batch):
            idx = order[i * batch:(i + 1) * batch]
            loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--out", default="tests/Fixtures/onnx")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", nargs="*", default=list(MODELS))
    ap.add_argument("--train-images", type=int, default=60000)
    ap.add_argument("--epochs", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    xtr, ytr, xte, yte = load_mnist(args.data)
    os.makedirs(args.out, exist_ok=True)
    for name in args.only:
        ctor, opset = MODELS[name]
        torch.manual_seed(args.seed)
        np.random.seed(args.seed)
        model = ctor()
        start = time.time()
        train(model, xtr[:args.train_images], ytr[:args.train_images], args.seed, epochs=args.epochs)
        acc = accuracy(model, xte[:1000], yte[:1000])
        path = os.path.join(args.out, name + ".onnx")
        torch.onnx.export(model, xte[:1], path, opset_version=opset, input_names=["image"], output_names=["logits"],
                          dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)
        print(f"{name}: opset {opset}, {time.time() - start:.0f} s, accuracy on the first 1000 test images "
              f"{100 * acc:.1f} %, {os.path.getsize(path)} bytes -> {path}", flush=True)


if __name__ == "__main__":
    main()
