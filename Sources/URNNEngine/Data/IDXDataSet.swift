import Foundation

/// Labelled images read from an image file and its label file.
public struct LabelledImages: Sendable {
    /// N, the number of images (and labels).
    public let count: Int
    public let rows: Int
    public let columns: Int
    /// N·rows·columns bytes: image k's pixel (r, c) at k·rows·columns + r·columns + c.
    public let pixels: [UInt8]
    public let labels: [UInt8]
    /// The files they came from.
    public let imagePath: String
    public let labelPath: String

    public var pixelsPerImage: Int { rows * columns }
}

/// The four files of an IDX data set (MNIST, Fashion-MNIST, KMNIST, EMNIST) in one
/// directory: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each plain or with `.gz`
/// (the plain file is taken when both exist).
///
/// Checked beyond each file's own header: images and labels agree in count, training
/// and test images in size, and every test label is one of the classes 0 ..< K that
/// the training labels use (K = the largest training label + 1, at least 2).
public struct IDXDataSet: Sendable {
    public static let fileNames = (trainImages: "train-images-idx3-ubyte", trainLabels: "train-labels-idx1-ubyte",
                                   testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte")

    /// The directory it was read from.
    public let directory: String
    public let train: LabelledImages
    public let test: LabelledImages
    /// K, the number of classes.
    public let classes: Int

    /// Reads and checks the four files in `directory`; each file's size is checked
    /// against `budget` before its data is allocated.
    public static func load(directory: String, budget: MemoryBudget = .system) throws -> IDXDataSet {
        let names = fileNames
        let train = try pair(directory, names.trainImages, names.trainLabels, budget: budget)
        let test = try pair(directory, names.testImages, names.testLabels, budget: budget)
        guard train.rows == test.rows, train.columns == test.columns else {
            throw IDXError.shapeMismatch(train: train.imagePath, trainShape: (train.rows, train.columns),
                                         test: test.imagePath, testShape: (test.rows, test.columns))
        }
        let classes = Int(train.labels.max() ?? 0) + 1
        guard classes >= 2 else { throw IDXError.singleClass(path: train.labelPath) }
        if let bad = test.labels.firstIndex(where: { Int($0) >= classes }) {
            throw IDXError.labelOutOfRange(path: test.labelPath, index: bad, label: Int(test.labels[bad]), classes: classes)
        }
        return IDXDataSet(directory: directory, train: train, test: test, classes: classes)
    }

    /// The path of `name` in `directory`: the plain file when anything exists under that
    /// name (a directory there is then refused by the reader), else `name.gz`.
    static func path(_ directory: String, _ name: String) throws -> String {
        // The directory as the user wrote it, so that messages show their path.
        let base = (directory.hasSuffix("/") ? directory : directory + "/") + name
        for candidate in [base, base + ".gz"] {
            if try FileKind.at(candidate, operation: .read) != nil { return candidate }
        }
        throw IDXError.missingFile(directory: directory, name: name)
    }

    private static func pair(_ directory: String, _ imageName: String, _ labelName: String,
                             budget: MemoryBudget) throws -> LabelledImages {
        let imagePath = try path(directory, imageName), labelPath = try path(directory, labelName)
        let images = try IDXFile.images(at: imagePath, budget: budget)
        let labels = try IDXFile.labels(at: labelPath, budget: budget)
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw IDXError.countMismatch(images: imagePath, imageCount: images.dimensions[0],
                                         labels: labelPath, labelCount: labels.dimensions[0])
        }
        return LabelledImages(count: images.dimensions[0], rows: images.dimensions[1], columns: images.dimensions[2],
                              pixels: images.bytes, labels: labels.bytes, imagePath: imagePath, labelPath: labelPath)
    }
}
