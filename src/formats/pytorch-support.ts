/**
 * The parts of an exported PyTorch module that are the same for every model (Python source):
 * the module's methods that read the book's tensors through the tables BOOK_NAMES and WEIGHTS,
 * and a safetensors reader on the standard library and numpy for when the `safetensors`
 * package is not installed. Kept apart from the layer table in pytorch-export.ts.
 */

/** The methods of every exported nn.Module, indented for the class body. */
export const PY_METHODS = `
    def parameter_groups(self):
        """The parameters for a torch.optim optimizer with the book's weight decay: λ on the weights W only."""
        named = list(self.named_parameters())
        return [
            {'params': [p for n, p in named if n in WEIGHTS], 'weight_decay': self.weight_decay},
            {'params': [p for n, p in named if n not in WEIGHTS], 'weight_decay': 0.0},
        ]

    def load_safetensors(self, path):
        """Copies the book's tensors from a scratchnet .safetensors file into this module: W (D, M) becomes weight (M, D)."""
        tensors = read_safetensors(path)
        missing = [book for _, book, _ in BOOK_NAMES if book not in tensors]
        unknown = sorted(set(tensors) - {book for _, book, _ in BOOK_NAMES})
        if missing or unknown:
            raise ValueError(f'{path}: the tensors do not fit {type(self).__name__}: missing {missing}, unknown {unknown}; '
                             'export this module from the model file you load')
        own = dict(self.named_parameters())
        own.update(self.named_buffers())
        values = {}
        for name, book, transposed in BOOK_NAMES:
            value = torch.tensor(np.asarray(tensors[book]))
            want = tuple(reversed(own[name].shape)) if transposed else tuple(own[name].shape)
            if tuple(value.shape) != want:
                raise ValueError(f'{path}: {book} has shape {list(value.shape)}, expected {list(want)} for {name}')
            values[name] = value.T if transposed else value
        with torch.no_grad():  # every shape is checked before anything is copied
            for name, value in values.items():
                own[name].copy_(value)
        return self
`;

/** read_safetensors and parse_safetensors, at the module's top level. */
export const PY_READER = `
_DTYPES = {'F32': '<f4', 'F64': '<f8'}
_MAX_HEADER = 100_000_000  # the header limit of the safetensors reference reader


def read_safetensors(path):
    """The tensors of a .safetensors file as numpy arrays by name: the safetensors package when installed, else parse_safetensors."""
    try:
        from safetensors.numpy import load_file
    except ImportError:
        with open(path, 'rb') as f:
            return parse_safetensors(f.read(), path)
    return load_file(path)


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + '...'


def parse_safetensors(data, name='safetensors data'):
    """The tensors in the bytes of a .safetensors file (standard library and numpy); every size is checked before it is used."""
    def bad(why):
        return ValueError(f'{name}: not a valid safetensors file: {why}')
    if len(data) < 8:
        raise bad(f'only {len(data)} bytes, shorter than the 8-byte header length')
    (n,) = struct.unpack('<Q', data[:8])
    if n > _MAX_HEADER:
        raise bad(f'header length {n} is above the {_MAX_HEADER}-byte limit')
    if 8 + n > len(data):
        raise bad(f'header length {n} runs past the end of the {len(data)}-byte file (truncated?)')
    try:
        header = json.loads(bytes(data[8:8 + n]).decode('utf-8'))
    except (ValueError, RecursionError) as e:  # bad UTF-8, bad JSON, or JSON nested too deep
        raise bad(f'the header is not UTF-8 JSON ({_short(str(e))})') from None
    if not isinstance(header, dict):
        raise bad('the header must be a JSON object')
    body = memoryview(data)[8 + n:]
    tensors = {}
    for key, entry in header.items():
        if key == '__metadata__':
            continue
        if not isinstance(entry, dict):
            raise bad(f'entry {_short(key)} must be an object')
        dtype, shape, offsets = entry.get('dtype'), entry.get('shape'), entry.get('data_offsets')
        if not isinstance(dtype, str) or dtype not in _DTYPES:
            raise bad(f'tensor {_short(key)} has dtype {_short(dtype)}; scratchnet writes F32 and F64')
        if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
            raise bad(f'tensor {_short(key)} has a bad shape {_short(shape)}')
        if not isinstance(offsets, list) or len(offsets) != 2 or not all(type(d) is int for d in offsets) or not 0 <= offsets[0] <= offsets[1]:
            raise bad(f'tensor {_short(key)} has bad data_offsets {_short(offsets)}')
        begin, end = offsets
        if end > len(body):
            raise bad(f'tensor {_short(key)} ends at byte {end}, past the {len(body)} data bytes (truncated?)')
        size = np.dtype(_DTYPES[dtype]).itemsize
        count = math.prod(shape)
        if count * size != end - begin:
            raise bad(f'tensor {_short(key)}: shape {_short(shape)} of {size}-byte values needs {_short(count * size)} bytes, data_offsets span {end - begin}')
        tensors[key] = np.frombuffer(body, dtype=_DTYPES[dtype], count=count, offset=begin).reshape(shape)
    return tensors
`;
