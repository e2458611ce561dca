from tacoord.cli import main

main()
