"""The Pygments lexer's word lists against the program's own declarations (the info
reply of `urnn kernel`), and its tokens on a line of each kind."""

import os
import unittest

import support  # noqa: F401  (puts the package on the path)
from pygments import lex
from pygments.token import Comment, Keyword, Name, Number, String

from urnn_kernel import lexer
from urnn_kernel.child import UrnnProcess


class LexerTests(unittest.TestCase):
    def test_word_lists_match_the_declarations(self):
        child = UrnnProcess(os.environ["URNN_BINARY"])
        try:
            info = child.request({"type": "info"}, "info_reply")
        finally:
            child.stop()
        self.assertEqual(sorted(lexer.COMMANDS), sorted(info["commands"]))
        self.assertEqual(sorted(lexer.KEYWORDS + lexer.CONSTANTS), sorted(info["keywords"]))
        self.assertEqual(sorted(lexer.FUNCTIONS), sorted(info["functions"]))
        self.assertEqual(info["language"]["file_extension"], ".urnn")

    def test_tokens(self):
        tokens = [(t, v) for t, v in lex('train u on copy steps=10 # go\nprint "a {x}" , eig(w) 1e-3\n',
                                          lexer.URNNLexer()) if v.strip()]
        self.assertIn((Keyword.Pseudo, "train"), tokens)
        self.assertIn((Name.Attribute, "steps"), tokens)
        self.assertIn((Comment.Single, "# go"), tokens)
        self.assertIn((Keyword, "print"), tokens)
        self.assertIn((String.Interpol, "{x}"), tokens)
        self.assertIn((Name.Builtin, "eig"), tokens)
        self.assertIn((Number, "1e-3"), tokens)


if __name__ == "__main__":
    unittest.main()
