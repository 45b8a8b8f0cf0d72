<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message numerus="yes">
        <source>%n digit(s) saved; reading them with the active model…</source>
        <translation>
            <numerusform>%n digit saved; reading it with the active model…</numerusform>
            <numerusform>%n digits saved; reading them with the active model…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) saved</source>
        <translation>
            <numerusform>%n digit saved</numerusform>
            <numerusform>%n digits saved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Learnt from %n of your digits.</source>
        <translation>
            <numerusform>Learnt from %n of your digits.</numerusform>
            <numerusform>Learnt from %n of your digits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved as a {digit} · %n of your digits</source>
        <translation>
            <numerusform>Saved as a {digit} · %n of your digits</numerusform>
            <numerusform>Saved as a {digit} · %n of your digits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>true {true}, predicted {predicted}: %n test image(s)</source>
        <translation>
            <numerusform>true {true}, predicted {predicted}: %n test image</numerusform>
            <numerusform>true {true}, predicted {predicted}: %n test images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n test digit(s) read wrongly: </source>
        <translation>
            <numerusform>%n test digit read wrongly: </numerusform>
            <numerusform>%n test digits read wrongly: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Training the {network} network: %n epoch(s), batch size {batch}, validation split {split}, {images} training images.</source>
        <translation>
            <numerusform>Training the {network} network: %n epoch, batch size {batch}, validation split {split}, {images} training images.</numerusform>
            <numerusform>Training the {network} network: %n epochs, batch size {batch}, validation split {split}, {images} training images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Plus %n of your digits.</source>
        <translation>
            <numerusform>Plus %n of your digits.</numerusform>
            <numerusform>Plus %n of your digits.</numerusform>
        </translation>
    </message>
</context>
</TS>
