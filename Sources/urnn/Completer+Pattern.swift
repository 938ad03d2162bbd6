import URNNScript

/// What a command's declaration expects at the word being completed: read from its pattern
/// (`train MODEL on DATA`), its kinds and its options, never from a list per command.
struct PatternPosition: Equatable {
    /// Arguments that may come here, by the kind the declaration gives them.
    var kinds: [ArgumentKind] = []
    /// Literal words that may come here (`on`, `to`, `where`, a METRIC, a kind of the command).
    var words: [String] = []
    /// True where any bare word may come (`del NAME`): the session's names are offered.
    var anyWord = false
    /// True once every required positional argument is written: options may follow.
    var optionsAllowed = false

    /// One element of the flattened pattern; the elements of one `[...]` share a group.
    private struct Slot {
        let element: PatternElement
        let group: Int?
    }

    /// Where a walk over the written words stopped.
    private enum Stop {
        /// Before slot i.
        case before(Int)
        /// Inside the repeated argument of slot i, which has a value already.
        case inRepeated(Int)
        /// Before slot i, right after an optional keyword that introduces options
        /// (`export results where <Tab>`): the options may come here too.
        case afterOptionalKeyword(Int)
    }

    /// Where `written` (the positional words after the command's name: options left out)
    /// leaves the pattern of `spec`: the command's own pattern, its kind word, the kind's pattern.
    init(_ spec: CommandSpec, written: [String]) {
        var groups = 0
        func flatten(_ pattern: [PatternElement], group: Int?) -> [Slot] {
            pattern.flatMap { element -> [Slot] in
                guard case .optional(let inner) = element else { return [Slot(element: element, group: group)] }
                groups += 1
                return flatten(inner, group: group ?? groups)
            }
        }
        var words = ArraySlice(written)
        var slots = flatten(spec.pattern, group: nil)
        if !spec.variants.isEmpty {
            let stop = PatternPosition.walk(slots, &words)
            guard case .before(let i) = stop, i == slots.count else {
                self = PatternPosition.expectation(slots, stop)
                return
            }
            guard let first = words.first else {
                self.words = spec.variants.map(\.name)
                return
            }
            // A word that is no kind: the parser will say so; nothing sensible follows.
            guard let kind = spec.variant(named: first) else { return }
            words = words.dropFirst()
            slots = flatten(kind.pattern, group: nil)
        }
        self = PatternPosition.expectation(slots, PatternPosition.walk(slots, &words))
    }

    private init() {}

    /// Consumes `words` along `slots`, leaving out an optional group whose first keyword is
    /// not the word written; a repeated argument takes every word up to the pattern's next keyword.
    private static func walk(_ slots: [Slot], _ words: inout ArraySlice<String>) -> Stop {
        var i = 0
        while i < slots.count, let word = words.first {
            let slot = slots[i]
            let opensGroup = slot.group != nil && (i == 0 || slots[i - 1].group != slot.group)
            if opensGroup, case .keyword(let k) = slot.element, k != word {
                while i < slots.count && slots[i].group == slot.group { i += 1 }
                continue
            }
            switch slot.element {
            case .keyword where opensGroup:
                // A group of the keyword alone (`[where]`) introduces options; `[to FILE]` a value.
                words = words.dropFirst()
                i += 1
                let alone = i == slots.count || slots[i].group != slot.group
                if words.isEmpty { return alone ? .afterOptionalKeyword(i) : .before(i) }
                continue
            case .values, .words:
                let stop = slots[(i + 1)...].lazy.compactMap { s -> String? in
                    if case .keyword(let k) = s.element { return k }
                    return nil
                }.first
                words = words.dropFirst()
                while let next = words.first, next != stop { words = words.dropFirst() }
                if words.isEmpty { return .inRepeated(i) }
            default:
                words = words.dropFirst()
            }
            i += 1
        }
        return .before(i)
    }

    /// What may come where the walk stopped: the slot there, and what follows while what
    /// comes before it may be left out (an optional group, a repeated argument with a value).
    private static func expectation(_ slots: [Slot], _ stop: Stop) -> PatternPosition {
        var position = PatternPosition()
        var i: Int
        switch stop {
        case .before(let index):
            i = index
        case .afterOptionalKeyword(let index):
            i = index
            position.optionsAllowed = true
        case .inRepeated(let index):
            position.add(slots[index].element)
            i = index + 1
        }
        while i < slots.count {
            let slot = slots[i]
            position.add(slot.element)
            // Required: outside any group, or inside a group whose first element is written.
            let insideGroup = i > 0 && slot.group != nil && slots[i - 1].group == slot.group
            guard let group = slot.group, !insideGroup else { return position }
            while i < slots.count && slots[i].group == group { i += 1 }
        }
        position.optionsAllowed = true
        return position
    }

    private mutating func add(_ element: PatternElement) {
        switch element {
        case .keyword(let k): words.append(k)
        case .equals: words.append("=")
        case .value(_, let kind), .values(_, let kind): kinds.append(kind)
        case .word(_, let allowed), .words(_, let allowed):
            if allowed.isEmpty { anyWord = true } else { words += allowed }
        case .define, .optional: break
        }
    }
}
