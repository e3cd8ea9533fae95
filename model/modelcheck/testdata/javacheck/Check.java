// Check runs each case of the javacheck test through java.util.regex with
// Matcher.find() and reports the cases whose result differs from Go's.
// Usage: java Check.java PATTERNS CASES (lines of hex-encoded UTF-8;
// a case line is "PATTERN_INDEX HEX_VALUE GO_RESULT").
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

public class Check {
    static String unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        List<Pattern> patterns = new ArrayList<>();
        for (String p : Files.readAllLines(Paths.get(args[0]))) {
            patterns.add(Pattern.compile(unhex(p)));
        }
        int n = 0, bad = 0;
        for (String line : Files.readAllLines(Paths.get(args[1]))) {
            String[] f = line.split(" ", -1);
            Pattern p = patterns.get(Integer.parseInt(f[0]));
            String s = unhex(f[1]);
            boolean java = p.matcher(s).find();
            n++;
            if (java != Boolean.parseBoolean(f[2])) {
                bad++;
                if (bad <= 20) {
                    System.out.println("MISMATCH java=" + java + " pattern=" + p.pattern() + " value(hex)=" + f[1]);
                }
            }
        }
        System.out.println(n + " cases, " + bad + " mismatches");
    }
}
