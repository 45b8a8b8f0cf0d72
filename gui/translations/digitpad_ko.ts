<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>Drawing area</source>
        <translation>그리기 영역</translation>
    </message>
    <message>
        <source>Draw a digit or a number with the mouse or a pen. Type a digit key to say what you wrote.</source>
        <translation>마우스나 펜으로 숫자 하나나 여러 자리 수를 쓰세요. 숫자 키를 누르면 무엇을 썼는지 알려 줄 수 있습니다.</translation>
    </message>
    <message>
        <source>Draw a digit with the left mouse button or a pen; right button erases; a digit key says what you wrote</source>
        <translation>마우스 왼쪽 버튼이나 펜으로 숫자를 쓰세요. 오른쪽 버튼은 지우고, 숫자 키는 무엇을 썼는지 알려 줍니다</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>여기에 숫자를 쓰세요</translation>
    </message>
    <message>
        <source>Corrections are off: {reason}</source>
        <translation>교정을 저장할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Right or wrong, tell it what you wrote (or type the digit):</source>
        <translation>맞든 틀리든, 무엇을 썼는지 알려 주세요(숫자 키를 눌러도 됩니다):</translation>
    </message>
    <message>
        <source>This was a {digit}: save it to My digits and clear the canvas</source>
        <translation>{digit}였습니다: 내 숫자에 저장하고 캔버스를 비웁니다</translation>
    </message>
    <message>
        <source>This was a {digit}</source>
        <translation>정답은 {digit}</translation>
    </message>
    <message>
        <source>Learning takes about 20 seconds for 100 digits.</source>
        <translation>숫자 100개를 학습하는 데 20초쯤 걸립니다.</translation>
    </message>
    <message>
        <source>Wrong only</source>
        <translation>틀린 것만</translation>
    </message>
    <message>
        <source>Show only the digits the active model still misreads</source>
        <translation>현재 모델이 아직 잘못 읽는 숫자만 보여 줍니다</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>다시 그리기</translation>
    </message>
    <message>
        <source>Draw the selected digit&apos;s strokes again on the canvas</source>
        <translation>선택한 숫자의 획을 캔버스에 다시 그립니다</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Delete the selected digits</source>
        <translation>선택한 숫자를 삭제합니다</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Save your digits to an .npz file</source>
        <translation>내 숫자를 .npz 파일로 저장합니다</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <source>Add digits from an .npz file (x: N×28×28, y: N)</source>
        <translation>.npz 파일에서 숫자를 추가합니다(x: N×28×28, y: N)</translation>
    </message>
    <message>
        <source>Learn from my digits</source>
        <translation>내 숫자로 학습하기</translation>
    </message>
    <message>
        <source>Fine-tune the active model on your digits (with MNIST replay, so it keeps reading everyone else&apos;s) (Ctrl+L)</source>
        <translation>현재 모델을 내 숫자로 미세 조정합니다(MNIST도 함께 다시 보여 주어 다른 사람의 글씨도 계속 읽습니다) (Ctrl+L)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stop learning; the active model stays as it is</source>
        <translation>학습을 멈춥니다. 현재 모델은 그대로 남습니다</translation>
    </message>
    <message>
        <source>Learn my handwriting</source>
        <translation>내 글씨 학습</translation>
    </message>
    <message>
        <source>Revert to previous model</source>
        <translation>이전 모델로 되돌리기</translation>
    </message>
    <message>
        <source>Your {digit}s</source>
        <translation>내가 쓴 {digit}</translation>
    </message>
    <message>
        <source>reads {digit}</source>
        <translation>읽음: {digit}</translation>
    </message>
    <message>
        <source>A {digit}, saved {date}; the active model reads {read}</source>
        <translation>{digit}, {date}에 저장; 현재 모델은 {read}(으)로 읽습니다</translation>
    </message>
    <message>
        <source>A {digit}, saved {date}</source>
        <translation>{digit}, {date}에 저장</translation>
    </message>
    <message>
        <source>My digits are unavailable: {reason}</source>
        <translation>내 숫자를 쓸 수 없습니다: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) saved; reading them with the active model…</source>
        <translation>
            <numerusform>숫자 %n개 저장됨. 현재 모델로 읽는 중…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) saved</source>
        <translation>
            <numerusform>숫자 %n개 저장됨</numerusform>
        </translation>
    </message>
    <message>
        <source>{saved}; the active model ({name}) misreads {wrong}.</source>
        <translation>{saved}. 현재 모델({name})이 {wrong}개를 잘못 읽습니다.</translation>
    </message>
    <message>
        <source>{saved}; the active model misreads {wrong}.</source>
        <translation>{saved}. 현재 모델이 {wrong}개를 잘못 읽습니다.</translation>
    </message>
    <message>
        <source>No digits yet: draw one in the Draw tab and press the digit it is (or type it).</source>
        <translation>아직 숫자가 없습니다. 그리기 탭에서 숫자를 쓰고 그 숫자 버튼을 누르세요(숫자 키를 눌러도 됩니다).</translation>
    </message>
    <message>
        <source>Could not read your digits with the active model: {reason}</source>
        <translation>현재 모델로 내 숫자를 읽지 못했습니다: {reason}</translation>
    </message>
    <message>
        <source>Export my digits</source>
        <translation>내 숫자 내보내기</translation>
    </message>
    <message>
        <source>NumPy archives (*.npz)</source>
        <translation>NumPy 압축 파일 (*.npz)</translation>
    </message>
    <message>
        <source>Import digits</source>
        <translation>숫자 가져오기</translation>
    </message>
    <message>
        <source>No model is active yet.</source>
        <translation>아직 사용 중인 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Save at least {needed} digits first (you have {count}).</source>
        <translation>먼저 숫자를 {needed}개 이상 저장하세요(지금 {count}개).</translation>
    </message>
    <message>
        <source>Finished in {time}.</source>
        <translation>{time} 만에 끝났습니다.</translation>
    </message>
    <message>
        <source>Label some digits in the Draw tab, then learn them here. A third of each digit&apos;s samples is held out to show, honestly, whether learning helped.</source>
        <translation>그리기 탭에서 숫자 몇 개에 정답을 달고, 여기서 학습하세요. 숫자마다 샘플의 3분의 1은 학습에 쓰지 않고 떼어 두어, 학습이 정말 도움이 되었는지 정직하게 보여 줍니다.</translation>
    </message>
    <message>
        <source>Your held-out digits ({count}): {before} → {after}</source>
        <translation>떼어 둔 내 숫자({count}개): {before} → {after}</translation>
    </message>
    <message>
        <source>MNIST test ({count} digits): {before} → {after} (± {margin})</source>
        <translation>MNIST 테스트(숫자 {count}개): {before} → {after} (± {margin})</translation>
    </message>
    <message numerus="yes">
        <source>Learnt from %n of your digits.</source>
        <translation>
            <numerusform>내 숫자 %n개로 학습했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Learnt from {learnt} of your {offered} digits: the newest {each} of each digit, so that learning stays quick.</source>
        <translation>내 숫자 {offered}개 가운데 {learnt}개로 학습했습니다. 학습이 빨리 끝나도록 숫자마다 가장 최근 {each}개만 썼습니다.</translation>
    </message>
    <message>
        <source>It did not read your held-out digits better: revert to the previous model, or save more digits and try again.</source>
        <translation>떼어 둔 내 숫자를 더 잘 읽지 못했습니다. 이전 모델로 되돌리거나, 숫자를 더 저장한 뒤 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The new model is in use.</source>
        <translation>새 모델을 사용 중입니다.</translation>
    </message>
    <message>
        <source>Saved, not in use: you chose another model meanwhile.</source>
        <translation>저장했지만 사용하지 않습니다. 그사이 다른 모델을 골랐습니다.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했습니다.</translation>
    </message>
    <message>
        <source>Learning was stopped. The active model is unchanged.</source>
        <translation>학습을 중지했습니다. 현재 모델은 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>Learning failed.</source>
        <translation>학습에 실패했습니다.</translation>
    </message>
    <message>
        <source>The active model is unchanged.</source>
        <translation>현재 모델은 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>{value}%</source>
        <comment>a percentage; the space and the sign as the language writes them</comment>
        <translation>{value}%</translation>
    </message>
    <message>
        <source>network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>테스트 정확도</translation>
    </message>
    <message>
        <source>test accuracy from the digit alone</source>
        <translation>숫자 하나만 본 테스트 정확도</translation>
    </message>
    <message>
        <source>test-time views</source>
        <translation>테스트 시 보는 방식</translation>
    </message>
    <message>
        <source>recipe</source>
        <translation>훈련 방법</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>data source</source>
        <translation>데이터 출처</translation>
    </message>
    <message>
        <source>date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Keras version</source>
        <translation>케라스 버전</translation>
    </message>
    <message>
        <source>TensorFlow version</source>
        <translation>텐서플로 버전</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>그리기</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>내 숫자</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>훈련</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Take back the last stroke (Ctrl+Z)</source>
        <translation>마지막 획을 취소합니다 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Put back the stroke taken back (Ctrl+Shift+Z)</source>
        <translation>취소한 획을 되살립니다 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Clear the canvas (Esc)</source>
        <translation>캔버스를 비웁니다 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>붓 굵기(&amp;B)</translation>
    </message>
    <message>
        <source>Brush width on screen (the model sees the same digit whatever the width)</source>
        <translation>화면에 보이는 붓 굵기(굵기와 상관없이 모델은 같은 숫자를 봅니다)</translation>
    </message>
    <message>
        <source>Brush width</source>
        <translation>붓 굵기</translation>
    </message>
    <message>
        <source>DigitPad&apos;s tabs</source>
        <translation>DigitPad 탭</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>이미지 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save Drawing as PNG…</source>
        <translation>그림을 PNG로 저장(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>지우기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>모델(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Train a New Model</source>
        <translation>새 모델 훈련(&amp;T)</translation>
    </message>
    <message>
        <source>Start training with the Train tab&apos;s settings</source>
        <translation>훈련 탭의 설정으로 훈련을 시작합니다</translation>
    </message>
    <message>
        <source>&amp;Learn from My Digits</source>
        <translation>내 숫자로 학습하기(&amp;L)</translation>
    </message>
    <message>
        <source>Fine-tune the active model on the digits you corrected</source>
        <translation>교정한 숫자로 현재 모델을 미세 조정합니다</translation>
    </message>
    <message>
        <source>&amp;Load Model…</source>
        <translation>모델 불러오기(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Revert to Bundled Model</source>
        <translation>기본 모델로 되돌리기(&amp;R)</translation>
    </message>
    <message>
        <source>Use the &amp;MNIST-Only Model</source>
        <translation>MNIST만 학습한 모델 사용(&amp;M)</translation>
    </message>
    <message>
        <source>The bundled convnet before it learnt the ways the world writes digits (7 with a crossbar, 1 with a flag, open 4, curled 9)</source>
        <translation>세계 여러 곳의 숫자 쓰는 법(가로줄을 그은 7, 깃발 달린 1, 위가 열린 4, 꼬리가 말린 9)을 배우기 전의 기본 컨브넷</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About DigitPad</source>
        <translation>DigitPad 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>Model: {summary} (bundled)</source>
        <translation>모델: {summary} (기본 제공)</translation>
    </message>
    <message>
        <source>Model: {summary}</source>
        <translation>모델: {summary}</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>모델 없음</translation>
    </message>
    <message>
        <source>Model ready: {name}</source>
        <translation>모델 준비됨: {name}</translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation>모델을 불러오지 못했습니다</translation>
    </message>
    <message>
        <source>No model could be loaded: use Model → Load Model…</source>
        <translation>모델을 하나도 불러오지 못했습니다. 모델 → 모델 불러오기…를 사용하세요</translation>
    </message>
    <message>
        <source>Loading the model… your digit will be read in a moment.</source>
        <translation>모델을 불러오는 중… 곧 숫자를 읽습니다.</translation>
    </message>
    <message>
        <source>Could not save the digit</source>
        <translation>숫자를 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>Your drawing is kept: click its digit again once there is room on the disk (or the folder can be written to).</source>
        <translation>그린 숫자는 그대로 있습니다. 디스크에 공간이 생기면(또는 폴더에 쓸 수 있게 되면) 그 숫자를 다시 누르세요.</translation>
    </message>
    <message numerus="yes">
        <source>Saved as a {digit} · %n of your digits</source>
        <translation>
            <numerusform>{digit}(으)로 저장 · 내 숫자 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>{name} 여는 중…</translation>
    </message>
    <message>
        <source>{path}: the picture is blank.</source>
        <translation>{path}: 빈 그림입니다.</translation>
    </message>
    <message>
        <source>Nothing to recognise</source>
        <translation>알아볼 것이 없습니다</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>{name}을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Could not read the picture</source>
        <translation>그림을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>Could not open the image</source>
        <translation>이미지를 열지 못했습니다</translation>
    </message>
    <message>
        <source>Could not save the drawing</source>
        <translation>그림을 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name}을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>이미지 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <source>Save Drawing</source>
        <translation>그림 저장</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Load Model</source>
        <translation>모델 불러오기</translation>
    </message>
    <message>
        <source>Keras models (*.keras)</source>
        <translation>케라스 모델 (*.keras)</translation>
    </message>
    <message>
        <source>Draw a digit and watch a neural network read it.</source>
        <translation>숫자를 쓰면 신경망이 읽는 모습을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Active model:</source>
        <translation>현재 모델:</translation>
    </message>
    <message>
        <source>{accuracy} on {test_set}</source>
        <translation>{test_set}에서 {accuracy}</translation>
    </message>
    <message>
        <source>each digit is also read turned {turns}</source>
        <translation>숫자마다 {turns} 돌려서도 읽습니다</translation>
    </message>
    <message>
        <source>Trained on MNIST, by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, available under CC BY-SA 3.0.</source>
        <translation>MNIST(얀 르쿤, 코리나 코르테스, 크리스토퍼 J.C. 버지스, CC BY-SA 3.0)로 훈련했습니다.</translation>
    </message>
    <message>
        <source>Also learnt from {digits} real pen digits by {writers} writers: {credit}.</source>
        <translation>또한 {writers}명이 펜으로 직접 쓴 숫자 {digits}개로 학습했습니다: {credit}.</translation>
    </message>
    <message>
        <source>About DigitPad</source>
        <translation>DigitPad 정보</translation>
    </message>
    <message>
        <source>Trained models</source>
        <translation>훈련한 모델</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Make the selected model the active one</source>
        <translation>선택한 모델을 현재 모델로 씁니다</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <source>Delete the selected model file (not the one in use)</source>
        <translation>선택한 모델 파일을 삭제합니다(사용 중인 모델은 안 됨)</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>모델 삭제</translation>
    </message>
    <message>
        <source>Delete {name} and its metadata from this computer?</source>
        <translation>이 컴퓨터에서 {name}과(와) 그 메타데이터를 삭제할까요?</translation>
    </message>
    <message>
        <source>The network&apos;s layers</source>
        <translation>네트워크의 층</translation>
    </message>
    <message>
        <source>Draw a digit: each layer&apos;s output appears here.</source>
        <translation>숫자를 쓰면 층마다 출력이 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>the digit as drawn, before the turned views, calibration and, on the canvas, the line reader&apos;s second opinion</source>
        <translation>쓴 그대로의 숫자, 돌려 본 결과·보정·(캔버스에서는) 줄 판독기의 두 번째 의견을 합치기 전</translation>
    </message>
    <message>
        <source>before calibration and, on the canvas, the line reader&apos;s second opinion</source>
        <translation>보정과 (캔버스에서는) 줄 판독기의 두 번째 의견을 합치기 전</translation>
    </message>
    <message>
        <source>{layer} · channel {channel} of {channels} · {height}×{width}</source>
        <translation>{layer} · 채널 {channel}/{channels} · {height}×{width}</translation>
    </message>
    <message>
        <source>{layer} · unit {unit} of {units} · {value}</source>
        <translation>{layer} · 유닛 {unit}/{units} · {value}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>This model runs on TensorFlow&apos;s path: its layers cannot be shown.</source>
        <translation>이 모델은 텐서플로로 실행되므로 층을 보여 줄 수 없습니다.</translation>
    </message>
    <message>
        <source>Building the index of the 60,000 training digits (once per model, about half a minute)…</source>
        <translation>훈련 숫자 60,000개의 색인을 만드는 중(모델마다 한 번, 30초쯤)…</translation>
    </message>
    <message>
        <source>Looks like these needs MNIST: {reason}</source>
        <translation>닮은 숫자를 찾으려면 MNIST가 필요합니다: {reason}</translation>
    </message>
    <message>
        <source>training digit #{index}, a {digit}</source>
        <translation>훈련 숫자 #{index}, {digit}</translation>
    </message>
    <message>
        <source>Looks like these: {digits}</source>
        <translation>닮은 숫자: {digits}</translation>
    </message>
    <message>
        <source>Looks like these (nearest MNIST training digits in the network&apos;s last hidden layer):</source>
        <translation>닮은 숫자(네트워크의 마지막 은닉층에서 가장 가까운 MNIST 훈련 숫자):</translation>
    </message>
    <message>
        <source>It&apos;s a {digit}  ·  {confidence} sure</source>
        <translation>{digit}입니다  ·  {confidence} 확신</translation>
    </message>
    <message>
        <source>Not sure at all: maybe {digit}? ({confidence})</source>
        <translation>전혀 모르겠습니다: {digit}일까요? ({confidence})</translation>
    </message>
    <message>
        <source>Not sure: {digit} or {second}? ({confidence} / {second_confidence})</source>
        <translation>확실하지 않습니다: {digit} 아니면 {second}? ({confidence} / {second_confidence})</translation>
    </message>
    <message>
        <source>Model input (28×28)</source>
        <translation>모델 입력(28×28)</translation>
    </message>
    <message>
        <source>orange: for · blue: against</source>
        <translation>주황: 찬성 · 파랑: 반대</translation>
    </message>
    <message>
        <source>green: add · magenta: remove</source>
        <translation>초록: 더하기 · 자홍: 빼기</translation>
    </message>
    <message>
        <source>Click a digit (or use the arrow keys) to see its bars and what the model saw</source>
        <translation>숫자를 클릭하면(또는 화살표 키) 그 막대와 모델이 본 것을 보여 줍니다</translation>
    </message>
    <message>
        <source>Number read: {digits}</source>
        <translation>읽은 수: {digits}</translation>
    </message>
    <message>
        <source>Digit {place} of {count} selected: {digit}, {confidence} sure</source>
        <translation>{count}자리 중 {place}번째 선택: {digit}, {confidence} 확신</translation>
    </message>
    <message>
        <source>Read it anyway</source>
        <translation>그래도 읽기</translation>
    </message>
    <message>
        <source>Show the digit the model would pick if it had to</source>
        <translation>모델이 꼭 골라야 한다면 고를 숫자를 보여 줍니다</translation>
    </message>
    <message>
        <source>Exactly what the model is given: 28×28 pixels, MNIST-style</source>
        <translation>모델이 받는 그대로: MNIST 방식의 28×28 픽셀</translation>
    </message>
    <message>
        <source>Model input, 28×28 pixels</source>
        <translation>모델 입력, 28×28 픽셀</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>왜?</translation>
    </message>
    <message>
        <source>Colour the model input by what pushed the model toward its answer (warm) and against it (blue): each 4×4 patch is hidden in turn and the change measured</source>
        <translation>모델을 답 쪽으로 민 부분(따뜻한 색)과 반대로 민 부분(파랑)을 모델 입력에 칠합니다. 4×4 조각을 하나씩 가리고 달라지는 정도를 잽니다</translation>
    </message>
    <message>
        <source>its answer</source>
        <translation>모델의 답</translation>
    </message>
    <message>
        <source>make it a {digit}</source>
        <translation>{digit}(으)로 만들려면</translation>
    </message>
    <message>
        <source>Where ink would have to be added (green) or removed (magenta) for the model to read this digit</source>
        <translation>모델이 이 숫자로 읽으려면 잉크를 더하거나(초록) 빼야 할(자홍) 곳</translation>
    </message>
    <message>
        <source>Explain as</source>
        <translation>설명 기준</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>확신도</translation>
    </message>
    <message>
        <source>%d%%</source>
        <comment>axis labels: a whole percentage</comment>
        <translation>%d%%</translation>
    </message>
    <message>
        <source>Confidence of each digit</source>
        <translation>숫자별 확신도</translation>
    </message>
    <message>
        <source>Digit read</source>
        <translation>읽은 숫자</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>Left out: {reasons}.</source>
        <translation>제외함: {reasons}.</translation>
    </message>
    <message>
        <source>Digit {place} of {count}: </source>
        <translation>{count}자리 중 {place}번째: </translation>
    </message>
    <message>
        <source>Read anyway: </source>
        <translation>그래도 읽음: </translation>
    </message>
    <message>
        <source>Its best guess, {digit}, gets only {confidence}: less than the model gives 99% of real digits, so DigitPad does not call it a digit.</source>
        <translation>가장 그럴듯한 답 {digit}도 {confidence}에 그칩니다. 모델이 실제 숫자의 99%에 주는 값보다 낮아서, DigitPad는 이것을 숫자로 보지 않습니다.</translation>
    </message>
    <message>
        <source>What the network sees on the way to its answer is unlike the digits it learnt and more like drawings that are not digits; DigitPad lets through 99.7% of real people&apos;s digits it was never shown. Its best guess would be {digit}.</source>
        <translation>네트워크가 답을 내기까지 보는 특성이 학습한 숫자와 다르고 숫자가 아닌 그림에 더 가깝습니다. DigitPad는 처음 보는 사람들의 실제 숫자 99.7%를 숫자로 받아들입니다. 가장 그럴듯한 답은 {digit}입니다.</translation>
    </message>
    <message>
        <source>This model&apos;s confidence is not calibrated: take it as the network&apos;s own.</source>
        <translation>이 모델의 확신도는 보정되지 않았습니다. 네트워크가 내놓은 값 그대로입니다.</translation>
    </message>
    <message>
        <source>Calibrated on held-out digits (temperature {temperature}): when this model says {confidence}, it is right about {confidence} of the time.</source>
        <translation>떼어 둔 숫자로 보정했습니다(온도 {temperature}). 이 모델이 {confidence}라고 하면 실제로 {confidence}쯤 맞습니다.</translation>
    </message>
    <message>
        <source>No digit is drawn.</source>
        <translation>쓴 숫자가 없습니다.</translation>
    </message>
    <message>
        <source>Draw a digit to see what the model thinks.</source>
        <translation>숫자를 쓰면 모델의 생각을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Test accuracy: {accuracy} (new model, now in use)</source>
        <translation>테스트 정확도: {accuracy} (새 모델, 지금 사용 중)</translation>
    </message>
    <message>
        <source>Test accuracy: {accuracy} (new model, saved)</source>
        <translation>테스트 정확도: {accuracy} (새 모델, 저장됨)</translation>
    </message>
    <message>
        <source>Previous model: {accuracy}</source>
        <translation>이전 모델: {accuracy}</translation>
    </message>
    <message>
        <source>Not in use: {name} is in use, chosen after this run started. Pick the new model in the list below to use it.</source>
        <translation>사용하지 않음: 이 훈련이 시작된 뒤 고른 {name}을(를) 사용 중입니다. 새 모델을 쓰려면 아래 목록에서 고르세요.</translation>
    </message>
    <message>
        <source>Not in use: another model is in use, chosen after this run started. Pick the new model in the list below to use it.</source>
        <translation>사용하지 않음: 이 훈련이 시작된 뒤 고른 다른 모델을 사용 중입니다. 새 모델을 쓰려면 아래 목록에서 고르세요.</translation>
    </message>
    <message>
        <source>It is worse on MNIST test than the model it replaced ({new} vs {old}).</source>
        <translation>MNIST 테스트에서 바꾸기 전 모델보다 나쁩니다({new} 대 {old}).</translation>
    </message>
    <message>
        <source>Revert to the previous model to go back.</source>
        <translation>돌아가려면 이전 모델로 되돌리세요.</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation>아직 훈련하지 않았습니다.</translation>
    </message>
    <message>
        <source>The confusion matrix appears when a run finishes.</source>
        <translation>훈련이 끝나면 혼동 행렬이 나타납니다.</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <source>{right} of {total} test digits read right; the most common mistake: {true} read as {predicted} ({count} times)</source>
        <translation>테스트 숫자 {total}개 중 {right}개를 바르게 읽음. 가장 흔한 실수: {true}을(를) {predicted}(으)로 읽음({count}번)</translation>
    </message>
    <message numerus="yes">
        <source>true {true}, predicted {predicted}: %n test image(s)</source>
        <translation>
            <numerusform>정답 {true}, 예측 {predicted}: 테스트 이미지 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>predicted digit →</source>
        <translation>예측한 숫자 →</translation>
    </message>
    <message>
        <source>true digit →</source>
        <translation>정답 숫자 →</translation>
    </message>
    <message>
        <source>Mistakes</source>
        <translation>틀린 숫자</translation>
    </message>
    <message numerus="yes">
        <source>%n test digit(s) read wrongly: </source>
        <translation>
            <numerusform>잘못 읽은 테스트 숫자 %n개: </numerusform>
        </translation>
    </message>
    <message>
        <source>Test digits the new model gets wrong appear here.</source>
        <translation>새 모델이 틀린 테스트 숫자가 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>fitted on the validation writers&apos; pen digits</source>
        <translation>검증용 필자들의 펜 숫자로 맞춤</translation>
    </message>
    <message>
        <source>each half judged by a fit on the other</source>
        <translation>절반씩 나머지 절반으로 맞춘 값으로 평가</translation>
    </message>
    <message>
        <source>Temperature {temperature} · expected calibration error {before} → {after} on {count} test digits, {how}. The bars and verdicts show the calibrated confidence.</source>
        <translation>온도 {temperature} · 테스트 숫자 {count}개에서 기대 보정 오차 {before} → {after}, {how}. 막대와 판정은 보정한 확신도를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Each dot is a band of drawings the model was about equally sure of; the bigger the dot, the more test digits in it. On the dashed line, a model that says 80% is right 80% of the time. Below the line it claimed more than it delivered; above, less. Hover a band for its counts.</source>
        <translation>점 하나는 모델이 비슷한 정도로 확신한 그림들의 구간입니다. 점이 클수록 그 구간의 테스트 숫자가 많습니다. 점선 위에서는 80%라고 말한 모델이 실제로 80% 맞습니다. 선 아래는 말한 것보다 덜 맞았고, 위는 더 맞았습니다. 구간에 마우스를 올리면 개수를 보여 줍니다.</translation>
    </message>
    <message>
        <source>How honest the model&apos;s confidence is appears when a run finishes.</source>
        <translation>훈련이 끝나면 모델의 확신도가 얼마나 정직한지 나타납니다.</translation>
    </message>
    <message>
        <source>Reliability diagram</source>
        <translation>신뢰도 그래프</translation>
    </message>
    <message>
        <source>Said {low}–{high}% sure (calibrated): {count} digits, {right} right ({accuracy})</source>
        <translation>{low}–{high}% 확신(보정 후): 숫자 {count}개, {right}개 맞음({accuracy})</translation>
    </message>
    <message>
        <source>how sure it said it was →</source>
        <translation>모델이 말한 확신도 →</translation>
    </message>
    <message>
        <source>how often it was right →</source>
        <translation>실제로 맞은 비율 →</translation>
    </message>
    <message>
        <source>raw network output</source>
        <translation>네트워크 출력 그대로</translation>
    </message>
    <message>
        <source>calibrated (what DigitPad shows)</source>
        <translation>보정 후(DigitPad가 보여 주는 값)</translation>
    </message>
    <message>
        <source>perfectly honest</source>
        <translation>완벽하게 정직함</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행 상황</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>멈추는 중…</translation>
    </message>
    <message>
        <source>Downloading MNIST… {done} MB of {total} MB</source>
        <translation>MNIST 내려받는 중… {total}MB 중 {done}MB</translation>
    </message>
    <message>
        <source>Downloading MNIST… {done} MB</source>
        <translation>MNIST 내려받는 중… {done}MB</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · batch {batch}/{steps}</source>
        <translation>에포크 {epoch}/{epochs} · 배치 {batch}/{steps}</translation>
    </message>
    <message>
        <source>{speed} samples/s · {time} left</source>
        <translation>초당 샘플 {speed}개 · {time} 남음</translation>
    </message>
    <message>
        <source>the window is closed</source>
        <translation>창이 닫혔습니다</translation>
    </message>
    <message>
        <source>the samples database is not open</source>
        <translation>샘플 데이터베이스가 열려 있지 않습니다</translation>
    </message>
    <message>
        <source>DigitPad is using its bundled model instead.</source>
        <translation>DigitPad는 대신 기본 모델을 사용합니다.</translation>
    </message>
    <message>
        <source>The current model stays active.</source>
        <translation>현재 모델을 계속 사용합니다.</translation>
    </message>
    <message>
        <source>No model is active.</source>
        <translation>사용 중인 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>훈련 곡선</translation>
    </message>
    <message>
        <source>loss (training)</source>
        <translation>손실(훈련)</translation>
    </message>
    <message>
        <source>accuracy (training)</source>
        <translation>정확도(훈련)</translation>
    </message>
    <message>
        <source>loss (validation)</source>
        <translation>손실(검증)</translation>
    </message>
    <message>
        <source>accuracy (validation)</source>
        <translation>정확도(검증)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Dense (the book&apos;s)</source>
        <translation>Dense(책의 네트워크)</translation>
    </message>
    <message>
        <source>Convnet, fast</source>
        <translation>컨브넷, 빠르게</translation>
    </message>
    <message>
        <source>Convnet, thorough</source>
        <translation>컨브넷, 꼼꼼하게</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Dense: the book&apos;s Dense(512, relu) → Dense(10, softmax), rmsprop — a few seconds an epoch.
Convnet, fast: convolutions sized for a laptop&apos;s processor, 5 epochs — a few minutes for a model that reads drawn digits well.
Convnet, thorough: the bundled model&apos;s 20-epoch recipe — half an hour or more, reads real pens a little better.
Choosing one sets its epochs and batch size.</source>
        <translation>Dense: 책의 Dense(512, relu) → Dense(10, softmax), rmsprop — 에포크마다 몇 초.
컨브넷, 빠르게: 노트북 프로세서에 맞춘 합성곱, 5 에포크 — 몇 분이면 쓴 숫자를 잘 읽는 모델이 나옵니다.
컨브넷, 꼼꼼하게: 기본 모델의 20 에포크 훈련 방법 — 30분 이상 걸리고, 실제 펜 글씨를 조금 더 잘 읽습니다.
하나를 고르면 에포크와 배치 크기가 그에 맞게 정해집니다.</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>네트워크(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>에포크(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>배치 크기(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Validation</source>
        <translation>검증(&amp;V)</translation>
    </message>
    <message>
        <source>Training &amp;images</source>
        <translation>훈련 이미지(&amp;I)</translation>
    </message>
    <message>
        <source>See&amp;d</source>
        <translation>시드(&amp;D)</translation>
    </message>
    <message>
        <source>none (as in the book)</source>
        <translation>없음(책과 같이)</translation>
    </message>
    <message>
        <source>Share of the training images held out to watch for overfitting (plotted per epoch)</source>
        <translation>과대적합을 지켜보려고 떼어 두는 훈련 이미지의 비율(에포크마다 그래프에 표시)</translation>
    </message>
    <message>
        <source>all {count}</source>
        <translation>전체 {count}개</translation>
    </message>
    <message>
        <source>Train on only the first N images, for a quick demonstration</source>
        <translation>빠른 시연을 위해 앞의 N개 이미지로만 훈련합니다</translation>
    </message>
    <message>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>The same seed and settings train the same model again: handy for a class that follows along</source>
        <translation>같은 시드와 설정이면 같은 모델이 다시 훈련됩니다. 수업에서 함께 따라 할 때 편리합니다</translation>
    </message>
    <message>
        <source>Include my digits</source>
        <translation>내 숫자 포함</translation>
    </message>
    <message>
        <source>Mix the digits you labelled in the Draw tab into the training images, repeated so that a few dozen of them count</source>
        <translation>그리기 탭에서 정답을 단 숫자를 훈련 이미지에 섞습니다. 수십 개만으로도 효과가 있도록 반복해서 넣습니다</translation>
    </message>
    <message>
        <source>World handwriting forms</source>
        <translation>세계의 손글씨 형태</translation>
    </message>
    <message>
        <source>Mix {count} generated digits (for {images} MNIST images) into the convnet&apos;s training: 7s with a crossbar, 1s with a flag and a base, open 4s, curled 9s… the forms MNIST lacks</source>
        <translation>생성한 숫자 {count}개(MNIST 이미지 {images}개 기준)를 컨브넷 훈련에 섞습니다: 가로줄을 그은 7, 깃발과 받침이 있는 1, 위가 열린 4, 꼬리가 말린 9… MNIST에 없는 형태들</translation>
    </message>
    <message>
        <source>Real pen digits</source>
        <translation>실제 펜 숫자</translation>
    </message>
    <message>
        <source>Mix {count} digits that {writers} people wrote on tablets (UNIPEN) into the convnet&apos;s training, varied afresh every epoch: real hands teach what people actually do</source>
        <translation>{writers}명이 태블릿에 쓴 숫자 {count}개(UNIPEN)를 에포크마다 새로 변형해 컨브넷 훈련에 섞습니다. 실제 손글씨가 사람들이 정말 어떻게 쓰는지 가르쳐 줍니다</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>MNIST through Keras (downloaded once)</source>
        <translation>케라스로 받는 MNIST(한 번만 내려받음)</translation>
    </message>
    <message>
        <source>Keras downloads mnist.npz (11 MB) the first time and keeps it in ~/.keras/datasets</source>
        <translation>케라스가 처음에 mnist.npz(11MB)를 내려받아 ~/.keras/datasets에 보관합니다</translation>
    </message>
    <message>
        <source>Local mnist.npz:</source>
        <translation>로컬 mnist.npz:</translation>
    </message>
    <message>
        <source>path to an .npz in Keras&apos; MNIST format</source>
        <translation>케라스 MNIST 형식의 .npz 파일 경로</translation>
    </message>
    <message>
        <source>Local MNIST file</source>
        <translation>로컬 MNIST 파일</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Choose a local MNIST file</source>
        <translation>로컬 MNIST 파일 선택</translation>
    </message>
    <message>
        <source>Choose MNIST data</source>
        <translation>MNIST 데이터 선택</translation>
    </message>
    <message>
        <source>Ready to train.</source>
        <translation>훈련할 준비가 되었습니다.</translation>
    </message>
    <message>
        <source>Train a new model on this computer with these settings (Ctrl+T)</source>
        <translation>이 설정으로 이 컴퓨터에서 새 모델을 훈련합니다 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Stop training; the active model stays as it is</source>
        <translation>훈련을 멈춥니다. 현재 모델은 그대로 남습니다</translation>
    </message>
    <message>
        <source>Preparing TensorFlow… (training needs it; drawing does not)</source>
        <translation>텐서플로를 준비하는 중…(훈련에는 필요하고, 그리기에는 필요 없습니다)</translation>
    </message>
    <message>
        <source>Each epoch&apos;s loss and accuracy appear here.</source>
        <translation>에포크마다 손실과 정확도가 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>훈련 기록</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>확신도</translation>
    </message>
    <message>
        <source>Choose a local mnist.npz first, or use MNIST via Keras.</source>
        <translation>먼저 로컬 mnist.npz를 고르거나, 케라스로 받는 MNIST를 사용하세요.</translation>
    </message>
    <message numerus="yes">
        <source>Training the {network} network: %n epoch(s), batch size {batch}, validation split {split}, {images} training images.</source>
        <translation>
            <numerusform>{network} 네트워크 훈련: %n 에포크, 배치 크기 {batch}, 검증 비율 {split}, 훈련 이미지 {images}개.</numerusform>
        </translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Plus {count} generated handwriting forms, counted from epoch {start}, once MNIST is learnt.</source>
        <translation>MNIST를 익힌 뒤인 에포크 {start}부터 생성한 손글씨 형태 {count}개를 더합니다.</translation>
    </message>
    <message>
        <source>Plus {count} real pen digits by {writers} writers (UNIPEN), varied every epoch.</source>
        <translation>{writers}명이 쓴 실제 펜 숫자 {count}개(UNIPEN)를 에포크마다 변형해 더합니다.</translation>
    </message>
    <message numerus="yes">
        <source>Plus %n of your digits.</source>
        <translation>
            <numerusform>내 숫자 %n개를 더합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>test_loss: {value}</source>
        <translation>테스트 손실: {value}</translation>
    </message>
    <message>
        <source>test_acc: {value}</source>
        <translation>테스트 정확도: {value}</translation>
    </message>
    <message>
        <source>Saved as {path}</source>
        <translation>{path}(으)로 저장했습니다</translation>
    </message>
    <message>
        <source>Training was stopped. The active model is unchanged.</source>
        <translation>훈련을 중지했습니다. 현재 모델은 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>Try a smaller batch size or fewer training images.</source>
        <translation>배치 크기를 줄이거나 훈련 이미지를 줄여 보세요.</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>훈련에 실패했습니다.</translation>
    </message>
    <message>
        <source>Failed: {message}</source>
        <translation>실패: {message}</translation>
    </message>
    <message>
        <source>The computer ran out of memory.</source>
        <translation>컴퓨터의 메모리가 부족합니다.</translation>
    </message>
    <message>
        <source>Preparing TensorFlow…</source>
        <translation>텐서플로를 준비하는 중…</translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <translation>MNIST를 불러오는 중…</translation>
    </message>
    <message>
        <source>Getting MNIST through Keras (downloaded once, then cached)…</source>
        <translation>케라스로 MNIST를 받는 중(한 번 내려받은 뒤 보관)…</translation>
    </message>
    <message>
        <source>Drawing the world&apos;s handwriting forms and the real pen digits…</source>
        <translation>세계의 손글씨 형태와 실제 펜 숫자를 그리는 중…</translation>
    </message>
    <message>
        <source>Drawing the world&apos;s handwriting forms…</source>
        <translation>세계의 손글씨 형태를 그리는 중…</translation>
    </message>
    <message>
        <source>Drawing the real pen digits…</source>
        <translation>실제 펜 숫자를 그리는 중…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>훈련 중…</translation>
    </message>
    <message>
        <source>Saving the new model…</source>
        <translation>새 모델을 저장하는 중…</translation>
    </message>
    <message>
        <source>Loading the active model…</source>
        <translation>현재 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>Learning your handwriting…</source>
        <translation>내 글씨를 학습하는 중…</translation>
    </message>
</context>
</TS>
