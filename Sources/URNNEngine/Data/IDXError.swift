/// What can be wrong with an IDX data set (MNIST, Fashion-MNIST, KMNIST, EMNIST):
/// a missing file, a file that is not the IDX file it should be, sizes that disagree,
/// labels out of range. Every case names the file it is about and what is wrong.
public enum IDXError: Error, Equatable, CustomStringConvertible {
    /// Neither `name` nor `name.gz` exists in `directory`.
    case missingFile(directory: String, name: String)
    /// The first four bytes are not the expected magic number (0x00000803 for images,
    /// 0x00000801 for labels); `found` is what the file holds.
    case wrongMagic(path: String, found: UInt32, expected: UInt32)
    /// A dimension of zero (no images, an image without pixels).
    case emptyDimension(path: String, dimension: String)
    /// The file is shorter than its header (magic number and sizes): `needed` bytes.
    case shortHeader(path: String, needed: Int, found: Int)
    /// The file ends before the `declared` bytes its header announces (`found` were there).
    case truncated(path: String, declared: Int, found: Int)
    /// Bytes follow the data the header announces.
    case trailingData(path: String, declared: Int)
    /// A gzip file zlib cannot inflate.
    case corruptGzip(path: String, reason: String)
    /// An image file and its label file hold different numbers of items.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// The training and test images differ in size.
    case shapeMismatch(train: String, trainShape: (Int, Int), test: String, testShape: (Int, Int))
    /// A label outside the classes the training labels use (0 ..< classes).
    case labelOutOfRange(path: String, index: Int, label: Int, classes: Int)
    /// The training labels use a single class: nothing to classify.
    case singleClass(path: String)
    /// `valid=N` leaves no training image.
    case validTooLarge(valid: Int, trainImages: Int, path: String)
    /// `test=N` asks for no image or more images than the test file holds.
    case testOutOfRange(test: Int, testImages: Int, path: String)

    public static func == (a: IDXError, b: IDXError) -> Bool { a.description == b.description }

    public var description: String {
        switch self {
        case let .missingFile(directory, name):
            return "\(directory): no \(name) or \(name).gz in this directory (an IDX data set has train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each plain or gzipped)"
        case let .wrongMagic(path, found, expected):
            var text = "\(path): magic number \(hex(found)), expected \(hex(expected)) (\(IDXError.kind(expected)))"
            if found == IDXFile.imageMagic || found == IDXFile.labelMagic {
                text += "; this is \(IDXError.kind(found)): are the file names swapped?"
            } else if found >> 16 != 0 {
                text += "; this is not an IDX file"
            }
            return text
        case let .emptyDimension(path, dimension):
            return "\(path): the header declares \(dimension) of 0"
        case let .shortHeader(path, needed, found):
            return "\(path): truncated: \(found) bytes, shorter than the \(needed)-byte header of this IDX file"
                + (path.hasSuffix(".gz") ? " (after inflating)" : "")
        case let .truncated(path, declared, found):
            return "\(path): truncated: the header declares \(declared) bytes of data, the file holds \(found)"
                + (path.hasSuffix(".gz") ? " (after inflating)" : "")
        case let .trailingData(path, declared):
            return "\(path): more bytes than the \(declared) bytes of data the header declares"
        case let .corruptGzip(path, reason):
            return "\(path): the gzip data is corrupt (\(reason))"
        case let .countMismatch(images, imageCount, labels, labelCount):
            return "\(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels: the two files must match"
        case let .shapeMismatch(train, trainShape, test, testShape):
            return "\(train) holds \(trainShape.0) x \(trainShape.1) images but \(test) holds \(testShape.0) x \(testShape.1): "
                + "training and test images must have one size"
        case let .labelOutOfRange(path, index, label, classes):
            return "\(path): label \(label) at item \(index) is outside the classes 0..\(classes - 1) of the training labels"
        case let .singleClass(path):
            return "\(path): every training label is the same class: there is nothing to classify"
        case let .validTooLarge(valid, trainImages, path):
            return "valid=\(valid) leaves no training image (\(path) holds \(trainImages)): use valid=\(trainImages - 1) or less"
        case let .testOutOfRange(test, testImages, path):
            return "test=\(test) is outside 1..\(testImages), the images \(path) holds"
        }
    }

    private func hex(_ x: UInt32) -> String {
        let digits = String(x, radix: 16)
        return "0x" + String(repeating: "0", count: Swift.max(0, 8 - digits.count)) + digits
    }

    private static func kind(_ magic: UInt32) -> String {
        magic == IDXFile.imageMagic ? "an IDX image file: unsigned bytes, 3 dimensions"
            : magic == IDXFile.labelMagic ? "an IDX label file: unsigned bytes, 1 dimension" : "unknown"
    }
}
