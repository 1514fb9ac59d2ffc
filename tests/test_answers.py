"""The extractive answerer on single questions (the whole set is scored in test_eval.py)."""
import pytest

from agent.answers.qa import ask

from .conftest import meeting_library


def test_english_question_gets_english_frame_and_chinese_quote(library, settings):
    a = ask(library, "How many accidents happened nationwide in 2020?", settings)
    assert a.answerable and a.answer.startswith("According to the transcript")
    assert "3.8" in a.answer


def test_question_about_an_absent_region_is_refused(library, settings):
    a = ask(library, "2020年西藏自治区生产安全事故死亡多少人？", settings)
    assert not a.answerable and a.answer.startswith("文中未提及")


# A meeting of our own, so that the rules are shown on text the answerer was not tuned on.
BRIEFING = (
    "主持人：下面请市应急管理局局长陈立同志通报情况。\n"
    "陈立：今年全市发生煤矿事故三起，死亡七人，较大火灾中城区占百分之六十。"
    "化工企业要守住安全底线，各区要开展隐患排查，对检查中发现的问题立即整改。"
    "下一步，全市将对二十家化工企业开展专项检查，重点检查储罐区和装卸区。\n"
    "主持人：下面请王平同志讲话。\n"
    "王平：要严格落实道路交通管理措施，加强夜间巡查。\n"
)


@pytest.fixture(scope="module")
def briefing_library(tmp_path_factory):
    return meeting_library(tmp_path_factory.mktemp("briefing"), "2023-05-06-city-safety-meeting.txt", BRIEFING)


def test_a_telling_count_must_stand_next_to_the_thing_counted(briefing_library):
    library, settings = briefing_library
    answered = ask(library, "今年全市发生了多少起煤矿事故？", settings)
    assert answered.answerable and "三起" in answered.answer
    # The sentence has a count in 起 and mentions 较大火灾, but not together: no number of fires.
    refused = ask(library, "今年全市发生了多少起较大火灾？", settings)
    assert not refused.answerable


def test_the_best_clause_wins_over_words_spread_over_a_sentence(briefing_library):
    library, settings = briefing_library
    # The first sentence holds every word of the question, spread over three clauses.
    a = ask(library, "化工企业要开展什么安全检查？", settings)
    assert a.answerable and "专项检查" in a.citations[0].quote


def test_a_who_question_needs_no_mention_of_the_organisation_in_the_passage(briefing_library):
    library, settings = briefing_library
    # The handover names the speaker, not his bureau.
    a = ask(library, "哪位公安局局长讲话？", settings)
    assert a.answerable and "王平" in a.answer


def test_a_compound_word_counts_when_the_speaker_puts_de_inside_it():
    from types import SimpleNamespace

    from agent.answers.terms import Terms

    corpus = SimpleNamespace(chunk_count=10, df={"重要批示": 1})
    terms = Terms("重要批示", corpus)
    # jieba keeps 重要批示 as one word; speech says 重要的批示.
    assert terms.coverage("市长对这项工作作出了重要的批示。") == pytest.approx(1.0)
    assert terms.coverage("市长对这项工作很重要，批示在后。") < 1.0


def test_a_word_heard_as_its_homophone_still_counts():
    from types import SimpleNamespace

    from agent.answers.terms import Terms

    terms = Terms("会上作出部署", SimpleNamespace(chunk_count=10, df={"作出": 1, "部署": 1}))
    # 作出 and 做出 share no character, only their sound.
    assert terms.coverage("会上做出了全面部署") > terms.coverage("会上多出了全面部署")


def test_the_kind_of_thing_asked_for_weighs_less_than_what_frames_it():
    from types import SimpleNamespace

    from agent.answers.terms import Terms

    terms = Terms("目前进入了什么阶段？", SimpleNamespace(chunk_count=10, df={"进入": 2, "阶段": 2, "目前": 2}))
    # The answer names a stage (瓶颈期); a sentence that merely says 阶段 is not the answer.
    assert terms.coverage("目前开始进入一个瓶颈期") > terms.coverage("目前这个阶段事故难以避免")


def test_question_words_said_together_count_more_when_found_together():
    from types import SimpleNamespace

    from agent.answers.terms import Terms

    df = {"加强": 3, "燃气": 2, "安全": 8, "管理": 4, "较大": 2, "以上": 3, "事故": 8}
    terms = Terms("要加强哪种燃气的安全管理？", SimpleNamespace(chunk_count=10, df=df))
    # Both hold 安全 and 管理; only one says them as the question does.
    assert terms.phrases_found("加强液化石油气安全管理") == pytest.approx(1.0)
    assert terms.phrases_found("加强燃气设施管护，抓好安全检查和日常管理") == 0.0
    # One character may stand between: 较大及以上 for 较大以上.
    terms = Terms("较大以上事故下降了多少？", SimpleNamespace(chunk_count=10, df=df))
    assert terms.phrases_found("较大及以上事故均下降") == pytest.approx(1.0)
    assert terms.phrases_found("较大事故和重大以上的事故") < 1.0


def test_a_sentence_broken_by_a_paragraph_is_quoted_whole_and_read_as_one(tmp_path):
    text = ("主持人：请李华同志通报。\n"
            "李华：今年全市建筑施工较大及以上事故\n\n同比下降 4.4%和 16.8%。\n\n下一步要抓好燃气安全。\n")
    library, settings = meeting_library(tmp_path, "2023-03-01-construction-meeting.txt", text)
    a = ask(library, "今年建筑施工较大及以上事故同比下降了多少？", settings)
    assert a.answerable and "4.4%" in a.answer and "较大及以上事故同比下降" in a.answer
    c = a.citations[0]
    assert c.quote == text[c.quote_start:c.quote_end] and "\n\n" in c.quote  # the citation stays exact


PANEL = (
    "发言人1：欢迎各位来到今天的研发效能圆桌。先请乔老师聊聊团队的发布节奏。\n"
    "发言人2：我们一周发三次版，每次都走灰度，先放百分之五的用户。\n"
    "发言人2：关于稳这件事，我的策略就是永远留一条退路，两秒钟之内就能回退回去，生产环境最多也就两秒钟的故障。\n"
    "发言人1：谢谢乔老师。那池老师这边，新人进来多久能独立提交代码？\n"
    "发言人3：一般两周左右，我们有一个导师带着，第一周只看代码不写代码。\n"
    "发言人3：另外我们每个月做一次复盘，把线上事故的原因都写下来，大家轮流讲。\n"
    "发言人1：好的，今天的圆桌就到这里，谢谢大家。\n"
)


def test_a_paraphrased_question_is_answered_by_the_sentence_closest_in_meaning(tmp_path):
    library, settings = meeting_library(tmp_path, "2026-05-12-devops-panel.txt", PANEL)
    # Few of the question's words are said (上线, 版本 are not), but the sentence means it.
    a = ask(library, "乔老师说他们公司上线出了问题时，多快能退回到上一个版本？", settings)
    assert a.answerable and "两秒钟" in a.answer
    # What nobody speaks of is still refused.
    assert not ask(library, "乔老师怎么看待程序员的远程办公？", settings).answerable
